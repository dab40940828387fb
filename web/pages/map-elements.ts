/**
 * The network map's graph, as a tree: each /24 network, its vendors, their devices, and the internet destinations
 * (from DNS profiles) each device queries. (Nested boxes instead of a tree laid out poorly with cytoscape's force
 * layout: a home is wide and shallow.) Pure data.
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
): { elements: MapElement[]; roots: string[]; devices: number; networks: number; destinations: number } {
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
      elements.push({ group: 'nodes', data: { id: vendor, label: row.vendor ?? 'unknown vendor' }, classes: 'vendor' });
      elements.push({ group: 'edges', data: { id: `${network}->${vendor}`, source: network, target: vendor } });
    }
    const device = `device:${row.id}`;
    elements.push({
      group: 'nodes',
      data: { id: device, label: row.name ?? row.address },
      classes: `device${row.worstSeverity ? ` worst-${row.worstSeverity}` : ''}`,
    });
    elements.push({ group: 'edges', data: { id: `${vendor}->${device}`, source: vendor, target: device } });
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
  const roots = [...groups].filter((g) => !g.includes('|'));
  return { elements, roots, devices: rows.length, networks: roots.length, destinations: destinations.size };
}
