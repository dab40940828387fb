import { describe, expect, it } from 'vitest';
import { type MapDnsDevice, mapElements } from '../../web/pages/map-elements.ts';
import type { DeviceRow } from '../../web/types.ts';

/** The network map's grouping, without a browser: by network and vendor, or by Home Assistant room once known. */
function row(id: string, fields: Partial<DeviceRow> = {}): DeviceRow {
  return {
    id,
    name: id,
    family: 'shelly-gen1',
    address: '10.0.0.1',
    mac: null,
    vendor: 'Shelly',
    model: null,
    firmware: { installed: null, latest: null },
    score: 50,
    findingCounts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    worstSeverity: null,
    firstSeenMs: 0,
    lastSeenMs: 0,
    area: null,
    floor: null,
    ...fields,
  };
}

const dnsFor = (deviceId: string, domains: string[]): MapDnsDevice => ({
  deviceId,
  profile: { domains: domains.map((domain) => ({ domain, classification: { category: 'vendor-cloud' } })) },
});

const parentOf = (graph: ReturnType<typeof mapElements>, deviceId: string) =>
  graph.elements.find((e) => e.group === 'edges' && e.data.target === `device:${deviceId}`)?.data.source;

describe('the network map', () => {
  it('groups by network and vendor while no device has a room', () => {
    const graph = mapElements(
      [
        row('a', { address: '10.0.0.5' }),
        row('b', { address: '10.0.1.7', vendor: 'TP-Link' }),
        row('c', { address: '10.0.0.9' }),
      ],
      [],
    );
    expect(graph.groupedBy).toBe('network');
    expect(graph.groups).toEqual([
      { id: 'net:10.0.0.0/24', label: '10.0.0.0/24', devices: 2 },
      { id: 'net:10.0.1.0/24', label: '10.0.1.0/24', devices: 1 },
    ]);
    expect(graph.roots).toEqual(['net:10.0.0.0/24', 'net:10.0.1.0/24']);
    expect(parentOf(graph, 'a')).toBe('net:10.0.0.0/24|vendor:Shelly');
  });

  it('groups by room once Home Assistant areas are known; devices without one are unassigned', () => {
    const graph = mapElements(
      [
        row('lamp', { area: 'Living room' }),
        row('plug', { area: 'Kitchen', address: '10.0.1.2' }),
        row('nas'),
        row('tv', { area: 'Living room' }),
        row('blank', { area: '   ' }),
      ],
      [dnsFor('tv', ['cloud.example', 'ads.example'])],
    );
    expect(graph.groupedBy).toBe('room');
    expect(graph.groups).toEqual([
      { id: 'room:Living room', label: 'Living room', devices: 2 },
      { id: 'room:Kitchen', label: 'Kitchen', devices: 1 },
      { id: 'unassigned', label: 'unassigned', devices: 2 },
    ]);
    expect(graph.roots).toEqual(['room:Living room', 'room:Kitchen', 'unassigned']);
    expect(parentOf(graph, 'plug')).toBe('room:Kitchen');
    expect(parentOf(graph, 'nas')).toBe('unassigned');
    expect(parentOf(graph, 'blank')).toBe('unassigned');
    // No network or vendor level is drawn when grouping by room; DNS destinations still hang off the devices.
    expect(graph.elements.some((e) => e.classes === 'network' || e.classes === 'vendor')).toBe(false);
    expect(graph.destinations).toBe(2);
    expect(graph.elements.filter((e) => e.data.source === 'device:tv')).toHaveLength(2);
  });

  it('keeps a room called "unassigned" apart from the devices without a room, and a "|" in a room name whole', () => {
    const graph = mapElements([row('a', { area: 'unassigned' }), row('b'), row('c', { area: 'Attic | loft' })], []);
    expect(graph.groups.map((g) => [g.id, g.devices])).toEqual([
      ['room:unassigned', 1],
      ['unassigned', 1],
      ['room:Attic | loft', 1],
    ]);
    expect(graph.roots).toContain('room:Attic | loft');
  });
});
