/**
 * The network map's graph: compound nodes for each /24 network and, inside, each vendor; a node per device; and a
 * node per internet destination (from DNS profiles) with an edge from each device that queries it. Pure data.
 */
import type { DnsDevice } from '../components/dns-profile.tsx';
import type { DeviceRow } from '../types.ts';

export interface MapElement {
  group: 'nodes' | 'edges';
  data: { id: string; label?: string; parent?: string; source?: string; target?: string };
  classes?: string;
}

/** Destinations per device on the map: enough to see who phones home, few enough to stay readable. */
const DESTINATIONS_PER_DEVICE = 3;

const networkOf = (address: string) => {
  const parts = address.split('.');
  return parts.length === 4 ? `${parts.slice(0, 3).join('.')}.0/24` : address;
};

export function mapElements(
  rows: readonly DeviceRow[],
  dns: readonly DnsDevice[],
): { elements: MapElement[]; devices: number; networks: number; destinations: number } {
  const elements: MapElement[] = [];
  const groups = new Set<string>();
  for (const row of rows) {
    const network = `net:${networkOf(row.address)}`;
    const vendor = `${network}|vendor:${row.vendor ?? 'unknown vendor'}`;
    if (!groups.has(network)) {
      groups.add(network);
      elements.push({ group: 'nodes', data: { id: network, label: networkOf(row.address) }, classes: 'network' });
    }
    if (!groups.has(vendor)) {
      groups.add(vendor);
      elements.push({ group: 'nodes', data: { id: vendor, label: row.vendor ?? 'unknown vendor', parent: network } });
    }
    elements.push({
      group: 'nodes',
      data: { id: `device:${row.id}`, label: row.name ?? row.address, parent: vendor },
      classes: `device${row.worstSeverity ? ` worst-${row.worstSeverity}` : ''}`,
    });
  }
  const known = new Set(rows.map((r) => r.id));
  const destinations = new Set<string>();
  for (const device of dns) {
    if (!known.has(device.deviceId)) continue;
    const remote = device.profile.domains.filter((d) => d.classification.category !== 'local');
    for (const domain of remote.slice(0, DESTINATIONS_PER_DEVICE)) {
      const id = `domain:${domain.domain}`;
      if (!destinations.has(id)) {
        destinations.add(id);
        elements.push({ group: 'nodes', data: { id, label: domain.domain }, classes: 'domain' });
      }
      elements.push({
        group: 'edges',
        data: { id: `${device.deviceId}->${id}`, source: `device:${device.deviceId}`, target: id },
      });
    }
  }
  const networks = [...groups].filter((g) => !g.includes('|')).length;
  return { elements, devices: rows.length, networks, destinations: destinations.size };
}
