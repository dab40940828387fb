/** UniFi clients as inventory sightings, with the SSID's security mode and the network's VLAN from the controller. */
import { usableMac } from '../../net/mac.ts';
import type { SourceSighting } from '../sighting.ts';
import type { UnifiSnapshot } from './client.ts';

export function unifiSightings(snapshot: UnifiSnapshot, location: string, nowMs: number): SourceSighting[] {
  const security = new Map(snapshot.wlans.map((w) => [w.name, w.wpaMode ?? w.security]));
  const vlans = new Map(snapshot.networks.map((n) => [n.name, n.vlan]));
  return snapshot.clients.flatMap((client) => {
    const mac = usableMac(client.mac);
    if (!mac) return [];
    const name = client.name ?? client.hostname;
    const ssidSecurity = client.essid ? security.get(client.essid) : undefined;
    const vlan = client.vlan ?? (client.network ? vlans.get(client.network) : undefined);
    return [
      {
        source: 'unifi' as const,
        location,
        key: mac,
        mac,
        ...(client.ip ? { address: client.ip } : {}),
        ...(name ? { name } : {}),
        // UniFi times are Unix seconds.
        seenMs: client.last_seen === undefined ? nowMs : client.last_seen * 1000,
        facts: {
          ...(client.hostname ? { hostname: client.hostname } : {}),
          ...(client.oui ? { vendor: client.oui } : {}),
          ...(client.essid ? { ssid: client.essid } : {}),
          ...(ssidSecurity ? { ssidSecurity } : {}),
          ...(client.network ? { network: client.network } : {}),
          ...(vlan === undefined ? {} : { vlan }),
          ...(client.is_wired === undefined ? {} : { wired: client.is_wired }),
          ...(client.first_seen === undefined ? {} : { firstSeenMs: client.first_seen * 1000 }),
        },
      },
    ];
  });
}
