/**
 * One device: identity and where it came from, findings with evidence and fixes, firmware with hold, release and
 * install, its DNS profile, how its settings differ from its peers, and its history.
 */
import { useMemo, useState } from 'preact/hooks';
import { query } from '../api.ts';
import { DeviceFacts } from '../components/device-facts.tsx';
import { DnsProfile, type DnsReportData } from '../components/dns-profile.tsx';
import { FindingCard } from '../components/finding-card.tsx';
import { ApplyButton, HoldForm, ReleaseButton } from '../components/firmware-actions.tsx';
import { Empty, ErrorBox, Loading, Page } from '../components/status.tsx';
import { TimeChart } from '../components/time-chart.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import type { DeviceDetail, FirmwareStatusRow, Hold } from '../types.ts';

export function DevicePage({ id }: { id: string }) {
  const [reload, setReload] = useState(0);
  const detail = useApi<DeviceDetail>(`/api/devices/${encodeURIComponent(id)}`, reload);
  if (detail.error && !detail.data) {
    return (
      <Page title="Device">
        <ErrorBox error={detail.error} title="The device could not be loaded" />
        <a href="/devices">Back to the devices</a>
      </Page>
    );
  }
  if (!detail.data) return <Loading what="the device" />;
  const d = detail.data;
  return (
    <Page title={d.device.name ?? d.device.address}>
      <p class="breadcrumb">
        <a href="/devices">Devices</a> / <span>{d.device.name ?? d.device.address}</span>
      </p>
      <DeviceFacts detail={d} />
      <h2>Findings</h2>
      {d.findings.length === 0 ? (
        <Empty>No findings.</Empty>
      ) : (
        d.findings.map((f) => <FindingCard key={`${f.checkId}-${f.subject ?? ''}`} finding={f} />)
      )}
      {d.skipped.length > 0 ? (
        <details>
          <summary>Checks that could not run ({d.skipped.length})</summary>
          <ul>
            {d.skipped.map((s) => (
              <li key={s.checkId}>
                <code>{s.checkId}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <FirmwareSection deviceId={d.device.id} reload={reload} onChanged={() => setReload((n) => n + 1)} />
      <DnsSection deviceId={d.device.id} />
      <DiffSection deviceId={d.device.id} />
      <HistorySection detail={d} />
    </Page>
  );
}

function FirmwareSection({ deviceId, reload, onChanged }: { deviceId: string; reload: number; onChanged: () => void }) {
  const status = useApi<FirmwareStatusRow[]>('/api/firmware/status', reload);
  const holds = useApi<Hold[]>('/api/firmware/holds', reload);
  const row = status.data?.find((r) => r.device.deviceId === deviceId);
  const hold = holds.data?.find((h) => h.scope === 'device' && h.target === deviceId);
  return (
    <section aria-labelledby="fw-h">
      <h2 id="fw-h">Firmware</h2>
      {status.error ? <ErrorBox error={status.error} /> : null}
      {!status.data ? null : !row ? (
        <Empty>
          iotwarden does not know this device's firmware (its family is not identified, or no login worked).
        </Empty>
      ) : (
        <>
          <p>
            Installed <strong>{row.state.installed ?? 'unknown'}</strong>, latest{' '}
            <strong>{row.state.latest ?? 'unknown'}</strong>. Policy: <strong>{row.decision.action}</strong> —{' '}
            {row.decision.reason}
          </p>
          {row.state.limitations.map((l) => (
            <p key={l} class="hint">
              {l}
            </p>
          ))}
          {hold ? (
            <p>
              Held until {hold.until}: {hold.reason} <ReleaseButton target={deviceId} onChanged={onChanged} />
            </p>
          ) : (
            <HoldForm target={deviceId} onChanged={onChanged} />
          )}
          {/* Stays mounted after the install, so its steps and outcome remain on screen. */}
          <ApplyButton
            deviceIds={[deviceId]}
            label="Install now"
            onDone={onChanged}
            nothingToInstall={!row.state.updateAvailable}
          />
        </>
      )}
    </section>
  );
}

function DnsSection({ deviceId }: { deviceId: string }) {
  const { data, error } = useApi<DnsReportData>(`/api/dns/report${query({ device: deviceId })}`);
  const device = data?.devices[0];
  return (
    <section aria-labelledby="dns-h">
      <h2 id="dns-h">DNS</h2>
      {error ? <ErrorBox error={error} /> : null}
      {data && !device ? <Empty>No DNS queries from this device have been imported.</Empty> : null}
      {device ? <DnsProfile device={device} showName={false} /> : null}
    </section>
  );
}

interface PeerDiff {
  kind: 'peers';
  diff: {
    model: string;
    peers: { deviceId: string; label: string }[];
    unreadPeers: string[];
    odd: { key: string; value: unknown; peerValue: unknown; peersAgreeing: number; peers: number; hint?: string }[];
  };
}

/** A setting's value as text (settings are JSON leaves: strings, numbers, booleans, null). */
const leaf = (value: unknown) => (value === undefined ? '(not set)' : JSON.stringify(value));

function DiffSection({ deviceId }: { deviceId: string }) {
  const { data, error } = useApi<PeerDiff>(`/api/diff${query({ device: deviceId, peers: 'true' })}`);
  const diff = data?.diff;
  return (
    <section aria-labelledby="diff-h">
      <h2 id="diff-h">Settings compared with its peers</h2>
      {error ? <ErrorBox error={error} title="No comparison" /> : null}
      {!diff ? null : diff.peers.length === 0 ? (
        <Empty>No other {diff.model} with readable settings to compare with.</Empty>
      ) : diff.odd.length === 0 ? (
        <Empty>
          Its settings match its {diff.peers.length} {diff.model} peers.
        </Empty>
      ) : (
        <table class="list compact">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Here</th>
              <th scope="col">Most peers</th>
              <th scope="col">Why it may matter</th>
            </tr>
          </thead>
          <tbody>
            {diff.odd.map((o) => (
              <tr key={o.key}>
                <td>
                  <code>{o.key}</code>
                </td>
                <td>{leaf(o.value)}</td>
                <td>
                  {leaf(o.peerValue)} ({o.peersAgreeing} of {o.peers})
                </td>
                <td>{o.hint ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function HistorySection({ detail }: { detail: DeviceDetail }) {
  const series = useMemo(
    () => ({
      label: 'Score',
      times: detail.history.map((h) => h.observedMs / 1000),
      values: detail.history.map((h) => h.score),
    }),
    [detail],
  );
  return (
    <section aria-labelledby="hist-h">
      <h2 id="hist-h">History</h2>
      {series.times.length > 1 ? <TimeChart series={series} height={120} ariaLabel="Device score over time" /> : null}
      <ol class="timeline">
        {[...detail.history].reverse().map((h) => (
          <li key={h.scanId}>
            <time>{formatTime(h.observedMs)}</time> scan {h.scanId}: at {h.address}, score {h.score} (seen by{' '}
            {h.sources.join(', ')})
          </li>
        ))}
      </ol>
      {detail.addressHistory.length > 1 ? (
        <p>
          Addresses:{' '}
          {detail.addressHistory
            .map((a) => `${a.address} (${formatTime(a.firstSeenMs)} – ${formatTime(a.lastSeenMs)})`)
            .join('; ')}
        </p>
      ) : null}
    </section>
  );
}
