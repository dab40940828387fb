/**
 * Zero trust (issue 14): what each device was seen to need, what appeared after learning, and what confining it
 * would break, before anything is enforced. Read-only: the policy is written, exported and enforced from the CLI
 * (`iotwarden policy generate|export`), where the owner reviews the files.
 */
import { Empty, ErrorBox, Loading, Page } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import { useLiveTick } from '../live.ts';
import { devicePath } from '../router.ts';
import type { PreviewDevice, ZeroTrustData, ZeroTrustEvent, ZeroTrustProfile } from './zero-trust-types.ts';

const percent = (confidence: number) => `${Math.round(confidence * 100)} %`;

function Profiles({ profiles }: { profiles: ZeroTrustProfile[] }) {
  return (
    <table aria-label="Learned profiles">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Profile</th>
          <th scope="col">Confidence</th>
          <th scope="col">Days seen</th>
          <th scope="col">Flows</th>
          <th scope="col">Destinations and peers</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((p) => (
          <tr key={p.deviceId} data-profile={p.deviceId}>
            <td>
              <a href={devicePath(p.deviceId)}>{p.deviceName}</a>
            </td>
            <td>
              {p.status}, version {p.version}
            </td>
            <td class="num">{percent(p.confidence)}</td>
            <td class="num">{p.daysObserved}</td>
            <td class="num">{p.flows}</td>
            <td class="num">{p.entries}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PreviewCard({ device }: { device: PreviewDevice }) {
  return (
    <section class="card" aria-label={`Preview for ${device.deviceName}`} data-preview={device.deviceId}>
      <h3>
        <a href={devicePath(device.deviceId)}>{device.deviceName}</a> ({device.mode}):{' '}
        {device.blockedFlows === 0 ? 'nothing blocked' : `${device.blockedFlows} of ${device.flows} flows blocked`}
      </h3>
      {device.blocked.length > 0 ? (
        <ul aria-label="Would be blocked">
          {device.blocked.map((item) => (
            <li key={`${item.direction} ${item.peer} ${item.service}`}>
              {item.sentence} ({item.flows} flows on {item.days} days)
            </li>
          ))}
        </ul>
      ) : null}
      {device.served.length > 0 ? (
        <ul aria-label="Still allowed">
          {device.served.map((s) => (
            <li key={`${s.origin} ${s.label}`}>
              {s.label}: allowed by {s.origin} ({s.flows} flows)
            </li>
          ))}
        </ul>
      ) : null}
      {device.notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
    </section>
  );
}

function Events({ events }: { events: ZeroTrustEvent[] }) {
  return (
    <ul aria-label="After learning">
      {events.map((e) => (
        <li key={`${e.deviceId} ${e.kind} ${e.subject}`}>
          {formatTime(e.atMs)}: <a href={devicePath(e.deviceId)}>{e.deviceName}</a> {e.kind.replace(/-/g, ' ')}{' '}
          <code>{e.subject}</code>
        </li>
      ))}
    </ul>
  );
}

function Preview({ data }: { data: ZeroTrustData }) {
  const preview = data.preview;
  if (!preview || !data.policy) return <Empty>No policy to preview yet: learn profiles first.</Empty>;
  const which =
    data.policy.source === 'file'
      ? `your policy ${data.policy.file}`
      : 'the policy iotwarden policy generate would write from these profiles';
  // Devices that would lose something first; then by name.
  const devices = [...preview.devices].sort(
    (a, b) => b.blockedFlows - a.blockedFlows || a.deviceName.localeCompare(b.deviceName),
  );
  return (
    <>
      <p>
        Replaying the flows from {formatTime(preview.fromMs)} to {formatTime(preview.toMs)} against {which}.
      </p>
      {preview.warnings.map((w) => (
        <p key={w} role="note">
          {w}
        </p>
      ))}
      {devices.map((d) => (
        <PreviewCard key={d.deviceId} device={d} />
      ))}
    </>
  );
}

export function ZeroTrustPage() {
  const tick = useLiveTick(['job']);
  const { data, error } = useApi<ZeroTrustData>('/api/zero-trust', tick);
  return (
    <Page title="Zero trust">
      <p>
        What each device was seen to need, and what a policy that allows only that would block. Write and export the
        policy with <code>iotwarden policy generate</code> and <code>iotwarden policy export</code>.
      </p>
      {error ? <ErrorBox error={error} title="The zero-trust overview could not be loaded" /> : null}
      {!data ? (
        error ? null : (
          <Loading what="the zero-trust overview" />
        )
      ) : data.profiles.length === 0 ? (
        <Empty>
          No profiles learned yet. Collect flows (<code>iotwarden flows collect</code> or <code>flows import</code>),
          then run <code>iotwarden policy learn</code>.
        </Empty>
      ) : (
        <>
          <h2>Learned profiles</h2>
          <Profiles profiles={data.profiles} />
          {data.withoutProfile.length > 0 ? (
            <p>No profile yet, so no preview: {data.withoutProfile.join(', ')}.</p>
          ) : null}
          <h2>New since learning</h2>
          {data.events.length === 0 ? <Empty>Nothing new since the profiles were learned.</Empty> : null}
          {data.events.length > 0 ? <Events events={data.events} /> : null}
          <h2>Impact preview</h2>
          <Preview data={data} />
        </>
      )}
    </Page>
  );
}
