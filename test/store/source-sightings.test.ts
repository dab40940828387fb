/**
 * Issue 12: devices the home's sources know before any scan. A sighting creates a "not scanned yet" device; a later
 * scan enriches that same device (same id, matched by MAC) and reports it new to the scans, never gone or returned;
 * a sighting without an address waits and attaches by MAC; each fact keeps its source.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceSighting } from '../../src/sources/sighting.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { scan, tempDir } from '../support/store.ts';

let store: Store;
let cleanup: () => void;

beforeEach(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openStore(join(temp.dir, 'inventory.db'));
});

afterEach(async () => {
  await store.close();
  cleanup();
});

const sighting = (over: Partial<SourceSighting>): SourceSighting => ({
  source: 'pihole-network',
  location: '/etc/pihole/pihole-FTL.db',
  key: 'AA:BB:CC:00:00:10',
  mac: 'AA:BB:CC:00:00:10',
  address: '127.77.200.10',
  name: 'garage-door.lan',
  seenMs: Date.UTC(2026, 0, 1),
  facts: { hostname: 'garage-door.lan', vendor: 'Espressif' },
  ...over,
});

describe('source sightings in the inventory', () => {
  it('creates a not-scanned device that a later scan enriches, keeping its id', async () => {
    const first = await store.recordSightings([sighting({})]);
    expect(first).toEqual({ matched: 0, created: 1, waiting: 0 });
    const [passive] = await store.devices();
    expect(passive).toMatchObject({ scanned: false, lastScanId: 0, name: 'garage-door.lan', score: 100 });
    expect(passive?.facts).toMatchObject({
      address: '127.77.200.10',
      mac: 'AA:BB:CC:00:00:10',
      macVendor: 'Espressif',
    });

    const recorded = await store.recordScan(
      scan([{ address: '127.77.200.10', mac: 'AA:BB:CC:00:00:10', name: 'garage-door', firmware: '1.0' }]),
    );
    expect(recorded.devices).toEqual([{ deviceId: passive?.deviceId, address: '127.77.200.10', matchedBy: 'mac' }]);
    expect(recorded.changes.map((c) => c.kind)).toEqual(['device-new']);
    const [scanned] = await store.devices();
    expect(scanned).toMatchObject({ deviceId: passive?.deviceId, scanned: true, name: 'garage-door' });
    expect(scanned?.facts.device?.firmware.installed).toBe('1.0');
    expect(scanned?.context.sources.map((s) => s.source)).toEqual(['pihole-network']);
  });

  it('never declares a device gone that no scan has seen', async () => {
    await store.recordSightings([sighting({})]);
    const recorded = await store.recordScan(scan([{ address: '127.77.200.20', mac: 'AA:BB:CC:00:00:20' }]));
    expect(recorded.changes.filter((c) => c.kind === 'device-gone')).toEqual([]);
  });

  it('keeps an address-less Home Assistant sighting waiting, and reads it onto the device with its MAC', async () => {
    const ha = sighting({
      source: 'home-assistant',
      location: 'http://ha:8123',
      key: 'ha-device-1',
      name: 'Garage door',
      facts: { area: 'Garage', floor: 'Ground floor', integration: 'shelly', nameByUser: 'Garage door' },
    });
    delete ha.address;
    expect(await store.recordSightings([ha])).toEqual({ matched: 0, created: 0, waiting: 1 });
    expect(await store.devices()).toEqual([]);
    await store.recordScan(scan([{ address: '127.77.200.10', mac: 'AA:BB:CC:00:00:10', name: 'shelly1-abc' }]));
    const [device] = await store.devices();
    expect(device).toMatchObject({
      name: 'Garage door',
      context: { area: 'Garage', floor: 'Ground floor', homeAssistant: { integration: 'shelly' } },
    });
  });
});
