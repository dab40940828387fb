/**
 * The network map's graph, as a tree: each /24 network, its vendors, their devices, and the internet destinations
 * (from DNS profiles) each device queries. Once Home Assistant's areas are known (a row's `area`), the devices are
 * grouped by room instead, and those without one go to an "unassigned" group. (Nested boxes instead of a tree laid
 * out poorly with cytoscape's force layout: a home is wide and shallow.) Pure data.
 */
import type { DeviceRow } from '../types.ts';

/** What the map reads of a device's DNS profile (components/dns-profile.tsx has the whole of it). */
export interface MapDnsDevice {
  deviceId: string;
  profile: { domains: ReadonlyArray<{ domain: string; classification: { category: string } }> };
}

export interface MapElement {
  group: 'nodes' | 'edges';
  data: { id: string; label?: string; parent?: string; source?: string; target?: string };
  classes?: string;
}

/** One group at the root of the map (a room, or a network), for the text list beside the drawing. */
export interface MapGroup {
  id: string;
  label: string;
  devices: number;
}

export interface MapGraph {
  elements: MapElement[];
  roots: string[];
  /** `room` once any device has a Home Assistant area, else `network`. */
  groupedBy: 'room' | 'network';
  groups: MapGroup[];
  devices: number;
  /** Root groups: rooms (with "unassigned") or networks. */
  networks: number;
  destinations: number;
}

/** Destinations per device on the map: enough to see who phones home, few enough to stay readable. */
const DESTINATIONS_PER_DEVICE = 3;

/** The label of the group of devices Home Assistant places in no area. */
export const UNASSIGNED = 'unassigned';

const networkOf = (address: string) => {
  const parts = address.split('.');
  return parts.length === 4 ? `${parts.slice(0, 3).join('.')}.0/24` : address;
};

/** A room's name as the owner wrote it in Home Assistant; blank or missing is no room. */
const roomOf = (row: DeviceRow): string | undefined => {
  const area = row.area?.trim();
  return area ? area : undefined;
};

export function mapElements(rows: readonly DeviceRow[], dns: readonly MapDnsDevice[]): MapGraph {
  const elements: MapElement[] = [];
  const seen = new Set<string>();
  // Root groups in order of first appearance, with their device counts. Ids of room groups are built from untrusted
  // area names, so roots are tracked here rather than recognised by the shape of an id.
  const roots = new Map<string, MapGroup>();
  const byRoom = rows.some((row) => roomOf(row) !== undefined);
  const addNode = (id: string, label: string, classes: string, parent?: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    elements.push({ group: 'nodes', data: { id, label }, classes });
    if (parent) elements.push({ group: 'edges', data: { id: `${parent}->${id}`, source: parent, target: id } });
  };
  const countIn = (id: string, label: string) => {
    const group = roots.get(id) ?? { id, label, devices: 0 };
    group.devices += 1;
    roots.set(id, group);
  };
  for (const row of rows) {
    let parent: string;
    if (byRoom) {
      const room = roomOf(row);
      // Room ids are namespaced, so a room called "unassigned" stays apart from the devices without a room.
      parent = room === undefined ? 'unassigned' : `room:${room}`;
      addNode(parent, room ?? UNASSIGNED, room === undefined ? 'room unassigned' : 'room');
      countIn(parent, room ?? UNASSIGNED);
    } else {
      const network = `net:${networkOf(row.address)}`;
      addNode(network, networkOf(row.address), 'network');
      countIn(network, networkOf(row.address));
      parent = `${network}|vendor:${row.vendor ?? 'unknown vendor'}`;
      addNode(parent, row.vendor ?? 'unknown vendor', 'vendor', network);
    }
    const device = `device:${row.id}`;
    elements.push({
      group: 'nodes',
      data: { id: device, label: row.name ?? row.address },
      classes: `device${row.worstSeverity ? ` worst-${row.worstSeverity}` : ''}`,
    });
    elements.push({ group: 'edges', data: { id: `${parent}->${device}`, source: parent, target: device } });
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
  return {
    elements,
    roots: [...roots.keys()],
    groupedBy: byRoom ? 'room' : 'network',
    groups: [...roots.values()],
    devices: rows.length,
    networks: roots.size,
    destinations: destinations.size,
  };
}
