/** What the devices say to the internet: per device, destinations, beacons, trackers and cloud contact. */

import { DnsProfile, type DnsReportData } from '../components/dns-profile.tsx';
import { Empty, ErrorBox, Loading, Page } from '../components/status.tsx';
import { useApi } from '../components/use-api.ts';
import { formatTime } from '../format.ts';
import { useLiveTick } from '../live.ts';

export function DnsPage() {
  const tick = useLiveTick(['job']);
  const { data, error } = useApi<DnsReportData>('/api/dns/report', tick);
  return (
    <Page title="DNS and privacy">
      {error ? <ErrorBox error={error} title="The DNS report could not be loaded" /> : null}
      {!data ? (
        error ? null : (
          <Loading what="the DNS report" />
        )
      ) : data.devices.length === 0 ? (
        <Empty>
          No DNS queries imported yet. Configure a source (Pi-hole, AdGuard Home or dnsmasq) under <code>dns:</code> in
          iotwarden.yaml; serve imports from it every few minutes.
        </Empty>
      ) : (
        <>
          <p>
            {data.totalQueries} queries from {formatTime(data.windowStartMs)} to {formatTime(data.windowEndMs)}.
          </p>
          {data.devices.map((d) => (
            <DnsProfile key={d.deviceId} device={d} />
          ))}
          {data.unmapped.length > 0 ? (
            <>
              <h2>Clients not matched to a device</h2>
              <ul>
                {data.unmapped.map((u) => (
                  <li key={u.ip}>
                    {u.ip} {u.name ?? ''}: {u.queries} queries
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </Page>
  );
}
