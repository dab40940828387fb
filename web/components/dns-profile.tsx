/**
 * One device's DNS profile: query volume over time (a uPlot sparkline), cloud dependence, the domains it asks for
 * with their category and, when it beacons, its period; and its privacy findings.
 */
import { useMemo } from 'preact/hooks';
import { devicePath } from '../router.ts';
import type { Finding } from '../types.ts';
import { FindingCard } from './finding-card.tsx';
import { TimeChart } from './time-chart.tsx';

export interface DomainActivity {
  domain: string;
  queries: number;
  blocked: number;
  isNew: boolean;
  classification: { category: string; vendor?: string; note?: string };
  period?: { medianIntervalMs: number; regular: boolean };
}

export interface DnsDevice {
  deviceId: string;
  label: string;
  address: string;
  profile: {
    queries: number;
    blocked: number;
    domains: DomainActivity[];
    timeline: { startMs: number; bucketMs: number; counts: number[] };
    rate?: { baselinePerHour: number; recentPerHour: number; factor: number; anomaly: boolean };
    cloud: { needsInternet: string; summary: string; vendorCloudDomains: string[] };
  };
  findings: Finding[];
}

export interface DnsReportData {
  windowStartMs: number;
  windowEndMs: number;
  totalQueries: number;
  devices: DnsDevice[];
  unmapped: { ip: string; name?: string; queries: number }[];
}

/** "every 30 s", "every 5 min". */
function every(ms: number): string {
  if (ms < 120_000) return `every ${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `every ${Math.round(ms / 60_000)} min`;
  return `every ${Math.round(ms / 3_600_000)} h`;
}

export function DnsProfile({ device, showName = true }: { device: DnsDevice; showName?: boolean }) {
  const { profile } = device;
  const series = useMemo(
    () => ({
      label: 'Queries',
      times: profile.timeline.counts.map((_, i) => (profile.timeline.startMs + i * profile.timeline.bucketMs) / 1000),
      values: profile.timeline.counts,
    }),
    [profile],
  );
  return (
    <article class="card dns-device" data-device={device.deviceId}>
      {showName ? (
        <h3>
          <a href={devicePath(device.deviceId)}>{device.label}</a> <span class="hint">{device.address}</span>
        </h3>
      ) : null}
      <p>
        {profile.queries} queries, {profile.blocked} blocked.{' '}
        {profile.rate?.anomaly ? (
          <strong class="sev sev-high">
            {Math.round(profile.rate.factor)}× its usual rate ({Math.round(profile.rate.recentPerHour)}/h)
          </strong>
        ) : null}
      </p>
      {series.times.length > 1 ? (
        <TimeChart series={series} sparkline height={40} ariaLabel={`DNS queries over time for ${device.label}`} />
      ) : null}
      <p>
        Cloud: <strong>{profile.cloud.needsInternet}</strong> — {profile.cloud.summary}
      </p>
      <table class="list compact">
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Category</th>
            <th scope="col">Queries</th>
            <th scope="col">Rhythm</th>
          </tr>
        </thead>
        <tbody>
          {profile.domains.slice(0, 15).map((d) => (
            <tr key={d.domain}>
              <td>
                {d.domain} {d.isNew ? <span class="sev sev-medium">new</span> : null}
              </td>
              <td>
                {d.classification.category}
                {d.classification.vendor ? ` (${d.classification.vendor})` : ''}
              </td>
              <td class="num">
                {d.queries}
                {d.blocked ? ` (${d.blocked} blocked)` : ''}
              </td>
              <td>{d.period?.regular ? `beacon, ${every(d.period.medianIntervalMs)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {profile.domains.length > 15 ? <p class="hint">and {profile.domains.length - 15} more domains</p> : null}
      {device.findings.map((f) => (
        <FindingCard key={`${f.checkId}-${f.subject ?? ''}`} finding={f} />
      ))}
    </article>
  );
}
