/** A device's identity (and which sources saw it) and its open services with their banners, all as text. */
import { formatTime } from '../format.ts';
import type { DeviceDetail } from '../types.ts';

interface Service {
  port: number;
  transport: string;
  name?: string;
  auth?: string;
  product?: string;
  version?: string;
  tls?: unknown;
  evidence?: { sent: string; received: string };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function DeviceFacts({ detail }: { detail: DeviceDetail }) {
  const facts = detail.facts;
  const device = (facts.device ?? {}) as Record<string, unknown>;
  const sources = Array.isArray(facts.sources) ? (facts.sources as unknown[]).map(String) : [];
  const services = (Array.isArray(facts.services) ? facts.services : []) as Service[];
  const row = detail.device;
  const identity: [string, string | undefined][] = [
    ['Name', row.name ?? undefined],
    ['Address', row.address],
    ['MAC', row.mac ?? undefined],
    ['MAC vendor', str(facts.macVendor)],
    ['Hostname', str(facts.hostname)],
    ['Room', row.area ? [row.area, row.floor].filter(Boolean).join(' · ') : undefined],
    ['Vendor', row.vendor ?? undefined],
    ['Product', str(device.productName)],
    ['Model', row.model ?? undefined],
    ['Family', row.family ?? undefined],
    ['Firmware', row.firmware.installed ?? undefined],
    ['Score', String(row.score)],
    ['First seen', formatTime(row.firstSeenMs)],
    ['Last seen', formatTime(row.lastSeenMs)],
    ['Seen by', sources.join(', ') || undefined],
  ];
  return (
    <section aria-labelledby="facts-h" class="facts">
      <h2 id="facts-h">Identity</h2>
      <dl class="pairs">
        {identity
          .filter((entry): entry is [string, string] => entry[1] !== undefined)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd data-fact={label}>{value}</dd>
            </div>
          ))}
      </dl>
      {services.length > 0 ? (
        <>
          <h3>Services</h3>
          <table class="list compact">
            <thead>
              <tr>
                <th scope="col">Port</th>
                <th scope="col">Service</th>
                <th scope="col">Login</th>
                <th scope="col">What it answered</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={`${s.transport}-${s.port}`}>
                  <td class="num">
                    {s.port}/{s.transport}
                  </td>
                  <td>{[s.name, s.product, s.version].filter(Boolean).join(' ')}</td>
                  <td>{s.auth ?? ''}</td>
                  <td>
                    <pre class="banner">{s.evidence?.received ?? ''}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
