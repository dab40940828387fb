import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finding, scan, tempDir } from '../../test/support/store.ts';
import { openStore, type Store } from './index.ts';

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

const idAt = async (address: string): Promise<string> => {
  const device = await store.device(address);
  if (!device) throw new Error(`no device at ${address}`);
  return device.deviceId;
};

describe('device trust (migration 008)', () => {
  it('trusts a device bound to the identity the inventory knows, once, and untrusts it', async () => {
    await store.recordScan(
      scan([{ address: '127.77.200.10', mac: '34:94:54:AA:BB:01', deviceId: 'shelly1-aabb01', family: 'shelly-gen1' }]),
    );
    const id = await idAt('127.77.200.10');
    expect(await store.trust.trust(id, 'owner')).toEqual({ already: false });
    expect(await store.trust.trust(id, 'owner')).toEqual({ already: true });
    const [view] = await store.trust.trusted();
    expect(view).toMatchObject({
      deviceId: id,
      lastAddress: '127.77.200.10',
      trust: { acceptedBy: 'owner', binding: { mac: '34:94:54:AA:BB:01', stableId: 'shelly:shelly1-aabb01' } },
    });
    expect(await store.trust.untrust(id)).toBe(true);
    expect(await store.trust.untrust(id)).toBe(false);
    expect(await store.trust.trusted()).toEqual([]);
  });

  it('binds on first use: a new trust from the use, or the missing parts of an existing binding', async () => {
    await store.recordScan(
      scan([
        { address: '127.77.200.10', mac: '34:94:54:AA:BB:01', family: 'hue' },
        { address: '127.77.200.11', mac: '34:94:54:AA:BB:02', family: 'shelly-gen1' },
      ]),
    );
    const hue = await idAt('127.77.200.10');
    const shelly = await idAt('127.77.200.11');
    await store.trust.trust(hue, 'owner');
    await store.trust.recordUses([
      { deviceId: hue, origin: 'owner', binding: { mac: '34:94:54:AA:BB:01', tlsSha256: 'AA:01' } },
      { deviceId: shelly, origin: 'first-use', binding: { mac: '34:94:54:AA:BB:02' } },
    ]);
    const byId = new Map((await store.trust.trusted()).map((d) => [d.deviceId, d.trust]));
    expect(byId.get(hue)).toMatchObject({ acceptedBy: 'owner', binding: { tlsSha256: 'AA:01' } });
    expect(byId.get(shelly)).toMatchObject({ acceptedBy: 'first-use', binding: { mac: '34:94:54:AA:BB:02' } });
    // A later use never changes a bound part, unless a vendor CA vouched for a new certificate.
    await store.trust.recordUses([{ deviceId: hue, origin: 'owner', binding: { tlsSha256: 'BB:02' } }]);
    expect((await store.trust.trusted()).find((d) => d.deviceId === hue)?.trust?.binding.tlsSha256).toBe('AA:01');
    await store.trust.recordUses([
      { deviceId: hue, origin: 'owner', binding: { tlsSha256: 'BB:02' }, replaceCertificate: true },
    ]);
    expect((await store.trust.trusted()).find((d) => d.deviceId === hue)?.trust?.binding.tlsSha256).toBe('BB:02');
  });

  it('trusts every device first seen in the latest scan, except those it found in an identity conflict', async () => {
    await store.recordScan(scan([{ address: '127.77.200.10', mac: '34:94:54:AA:BB:01' }]));
    const input = scan([
      { address: '127.77.200.10', mac: '34:94:54:AA:BB:01' },
      { address: '127.77.200.20', mac: '34:94:54:AA:BB:20' },
      { address: '127.77.200.21', mac: '34:94:54:AA:BB:21' },
    ]);
    input.hosts[2]!.findings.push(finding('network.identity-conflict'));
    await store.recordScan(input);
    const result = await store.trust.trustAllNew('network.identity-conflict');
    expect(result.trusted).toEqual([await idAt('127.77.200.20')]);
    expect(result.conflicted).toEqual([await idAt('127.77.200.21')]);
    expect(result.already).toEqual([]);
    expect((await store.trust.trustAllNew('network.identity-conflict')).already).toEqual(result.trusted);
  });

  it('has nothing to trust before the first scan', async () => {
    expect(await store.trust.trustAllNew('network.identity-conflict')).toEqual({
      scanId: undefined,
      trusted: [],
      already: [],
      conflicted: [],
    });
  });
});
