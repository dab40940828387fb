import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { scan, tempDir } from '../support/store.ts';

const M1 = 'E8:DB:84:00:00:01';
const M2 = 'E8:DB:84:00:00:02';
const M3 = 'E8:DB:84:00:00:03';

describe('store: one identity per device across scans', () => {
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

  it('merges by MAC, then stable device id, then address, and follows a DHCP address change', async () => {
    const first = await store.recordScan(
      scan([
        { address: '127.77.200.2', mac: M1 },
        { address: '127.77.200.3', family: 'kasa-legacy', deviceId: '8006ABCDEF' },
        { address: '127.77.200.4' },
      ]),
    );
    expect(first.devices.map((d) => d.matchedBy)).toEqual(['new', 'new', 'new']);
    const [a, b, c] = first.devices.map((d) => d.deviceId);
    expect(a).toMatch(/^dev_[a-z2-7]{8}$/);
    expect(new Set([a, b, c]).size).toBe(3);

    const second = await store.recordScan(
      scan([
        { address: '127.77.200.12', mac: M1 }, // DHCP gave it a new lease
        { address: '127.77.200.13', mac: M2, family: 'kasa-legacy', deviceId: '8006ABCDEF' },
        { address: '127.77.200.4' },
      ]),
    );
    expect(second.devices).toEqual([
      { deviceId: a, address: '127.77.200.12', matchedBy: 'mac' },
      { deviceId: b, address: '127.77.200.13', matchedBy: 'device-id' },
      { deviceId: c, address: '127.77.200.4', matchedBy: 'address' },
    ]);
    expect(second.changes).toContainEqual({
      kind: 'address-changed',
      deviceId: a,
      address: '127.77.200.12',
      from: '127.77.200.2',
    });

    const deviceA = await store.device(a!);
    expect(deviceA?.addressHistory.map((h) => h.address)).toEqual(['127.77.200.2', '127.77.200.12']);
    // The Kasa plug learned its MAC in scan 2, so a later scan that only shows the MAC still finds it.
    const third = await store.recordScan(scan([{ address: '127.77.200.14', mac: M2 }]));
    expect(third.devices[0]).toEqual({ deviceId: b, address: '127.77.200.14', matchedBy: 'mac' });
    expect((await store.devices()).length).toBe(3);
  });

  it('keeps identities when two devices swap addresses', async () => {
    const first = await store.recordScan(
      scan([
        { address: '127.77.200.2', mac: M1, name: 'kitchen' },
        { address: '127.77.200.3', mac: M2, name: 'hall' },
      ]),
    );
    const [kitchen, hall] = first.devices.map((d) => d.deviceId);
    const second = await store.recordScan(
      scan([
        { address: '127.77.200.2', mac: M2, name: 'hall' },
        { address: '127.77.200.3', mac: M1, name: 'kitchen' },
      ]),
    );
    expect(second.devices.map((d) => d.deviceId)).toEqual([hall, kitchen]);
    expect(second.changes.filter((c) => c.kind === 'device-new' || c.kind === 'device-gone')).toEqual([]);
    expect((await store.device('127.77.200.2'))?.deviceId).toBe(hall);
    expect((await store.device('kitchen'))?.address).toBe('127.77.200.3');
  });

  it('treats an address taken over by another MAC as a different device', async () => {
    const first = await store.recordScan(scan([{ address: '127.77.200.2', mac: M1 }]));
    const second = await store.recordScan(scan([{ address: '127.77.200.2', mac: M3 }]));
    expect(second.devices[0]?.matchedBy).toBe('new');
    expect(second.devices[0]?.deviceId).not.toBe(first.devices[0]?.deviceId);
    expect(second.changes.map((c) => c.kind).sort()).toEqual(['device-gone', 'device-new']);
    const old = await store.device(first.devices[0]!.deviceId);
    expect(old?.mac).toBe(M1);
    expect(old?.addressHistory).toHaveLength(1);
  });

  it('keeps first/last seen and every observation with its sources', async () => {
    const s1 = scan([{ address: '127.77.200.2', mac: M1, score: 60 }]);
    const s2 = scan([{ address: '127.77.200.2', mac: M1, score: 90 }]);
    const r1 = await store.recordScan(s1);
    await store.recordScan(s2);
    const id = r1.devices[0]!.deviceId;
    const device = await store.device(id);
    expect(device?.firstSeenMs).toBe(s1.finishedMs);
    expect(device?.lastSeenMs).toBe(s2.finishedMs);
    expect(device?.score).toBe(90);
    expect(device?.addressHistory).toEqual([
      { address: '127.77.200.2', firstSeenMs: s1.finishedMs, lastSeenMs: s2.finishedMs },
    ]);
    const history = await store.observations(id);
    expect(history.map((o) => [o.observedMs, o.score, o.sources])).toEqual([
      [s1.finishedMs, 60, ['tcp']],
      [s2.finishedMs, 90, ['tcp']],
    ]);
  });
});
