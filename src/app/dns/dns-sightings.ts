/**
 * Every DNS client is an inventory device (issue 12): after an import, the sinkhole's network table (MAC ↔ IP ↔ name,
 * vendor, first and last seen) and its clients become source sightings, so a Pi-hole imported before any scan
 * already gives `dns report` a device per client, merged by MAC, "not scanned yet" until a scan enriches it.
 */
import { usableMac } from '../../net/mac.ts';
import type { SourceSighting } from '../../sources/sighting.ts';
import type { RecordSightingsResult, Store } from '../../store/index.ts';

/** The sightings the imported DNS data holds: network-table rows first (they carry MACs), then clients. */
export function dnsSightings(store: Store): SourceSighting[] {
  const hosts = store.dns.analysis.networkHosts();
  const sightings: SourceSighting[] = hosts.flatMap((host) => {
    const mac = usableMac(host.mac);
    if (!mac) return [];
    return [
      {
        // AdGuard Home's persistent clients arrive through the same network-host rows as Pi-hole's network table.
        source: host.kind.startsWith('adguard') ? ('adguard-clients' as const) : ('pihole-network' as const),
        location: host.location,
        key: mac,
        mac,
        address: host.ip,
        ...(host.name ? { name: host.name } : {}),
        seenMs: host.lastMs,
        facts: {
          ...(host.name ? { hostname: host.name } : {}),
          ...(host.vendor ? { vendor: host.vendor } : {}),
          ...(host.firstMs === null ? {} : { firstSeenMs: host.firstMs }),
        },
      },
    ];
  });
  const inTable = new Set(sightings.map((s) => s.address));
  for (const client of store.dns.analysis.clients()) {
    if (inTable.has(client.ip)) continue;
    const mac = usableMac(client.mac ?? undefined);
    sightings.push({
      source: 'dns-client',
      location: 'dns',
      key: client.ip,
      ...(mac ? { mac } : {}),
      address: client.ip,
      ...(client.name ? { name: client.name } : {}),
      seenMs: client.lastMs,
      facts: { firstSeenMs: client.firstMs, ...(client.name ? { hostname: client.name } : {}) },
    });
  }
  return sightings;
}

/** Records the DNS data's sightings in the inventory. */
export function recordDnsSightings(store: Store): Promise<RecordSightingsResult> {
  return store.recordSightings(dnsSightings(store));
}
