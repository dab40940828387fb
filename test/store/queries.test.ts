import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { scan, tempDir } from '../support/store.ts';

describe('store: queries for the CLI', () => {
  let store: Store;
  let cleanup: () => void;
  let plugId: string;
  let bridgeId: string;

  beforeEach(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    store = await openStore(join(temp.dir, 'inventory.db'));
    const first = await store.recordScan(
      scan([
        {
          address: '127.77.200.10',
          mac: 'E8:DB:84:00:00:10',
          name: 'Kitchen plug',
          firmware: '1.0',
          config: { login: { enabled: false }, mqtt: { enable: false } },
          findings: [
            { checkId: 'no-auth', severity: 'critical' },
            { checkId: 'old-fw', severity: 'medium' },
          ],
          score: 20,
        },
        { address: '127.77.200.9', mac: 'EC:B5:FA:00:00:09', family: 'hue', name: 'Bridge', score: 95 },
      ]),
    );
    [plugId, bridgeId] = first.devices.map((d) => d.deviceId) as [string, string];
    await store.recordScan(
      scan([
        {
          address: '127.77.200.10',
          mac: 'E8:DB:84:00:00:10',
          name: 'Kitchen plug',
          firmware: '1.1',
          config: { mqtt: { enable: true }, login: { enabled: false } },
          findings: [
            { checkId: 'no-auth', severity: 'critical' },
            { checkId: 'debug-on', severity: 'low' },
          ],
          score: 30,
        },
        {
          address: '127.77.200.9',
          mac: 'EC:B5:FA:00:00:09',
          family: 'hue',
          name: 'Bridge',
          findings: [{ checkId: 'upnp', severity: 'info' }],
          score: 90,
        },
      ]),
    );
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  it('lists devices in address order with latest facts, score and finding counts', async () => {
    const devices = await store.devices();
    expect(devices.map((d) => [d.address, d.name, d.score])).toEqual([
      ['127.77.200.9', 'Bridge', 90],
      ['127.77.200.10', 'Kitchen plug', 30],
    ]);
    const plug = devices[1]!;
    expect(plug.findingCounts).toEqual({ critical: 1, high: 0, medium: 0, low: 1, info: 0 });
    expect(plug.facts.device?.firmware.installed).toBe('1.1');
    expect(plug.facts.device?.config).toEqual({ login: { enabled: false }, mqtt: { enable: true } });
  });

  it('finds one device by id, name (any case), address or MAC in any notation', async () => {
    for (const ref of [plugId, 'kitchen PLUG', '127.77.200.10', 'e8-db-84-00-00-10', 'e8db84000010']) {
      expect((await store.device(ref))?.deviceId, ref).toBe(plugId);
    }
    expect(await store.device('nobody')).toBeUndefined();
    const bridge = await store.device(bridgeId);
    expect(bridge?.findings.map((f) => f.checkId)).toEqual(['upnp']);
    expect(bridge?.family).toBe('hue');
  });

  it('refuses a name that several devices share, listing their ids', async () => {
    await store.recordScan(scan([{ address: '127.77.200.11', mac: 'E8:DB:84:00:00:11', name: 'kitchen plug' }]));
    await expect(store.device('Kitchen plug')).rejects.toMatchObject({ code: 'ERR_AMBIGUOUS_DEVICE' });
    await expect(store.device('Kitchen plug')).rejects.toThrow(plugId);
  });

  it('filters the latest findings by severity', async () => {
    const all = await store.findings();
    expect(all.map((f) => f.finding.checkId)).toEqual(['no-auth', 'debug-on', 'upnp']);
    expect((await store.findings({ severity: 'low' })).map((f) => f.finding.checkId)).toEqual(['debug-on']);
    const serious = await store.findings({ minSeverity: 'low' });
    expect(serious.map((f) => [f.deviceName, f.finding.checkId])).toEqual([
      ['Kitchen plug', 'no-auth'],
      ['Kitchen plug', 'debug-on'],
    ]);
    // old-fw was only in the first scan: not a current finding.
    expect(all.some((f) => f.finding.checkId === 'old-fw')).toBe(false);
  });

  it('lists scans newest first and config snapshots since a time', async () => {
    const scans = await store.scans();
    expect(scans.map((s) => [s.status, s.hostCount, s.targets])).toEqual([
      ['complete', 2, ['127.77.200.0/24']],
      ['complete', 2, ['127.77.200.0/24']],
    ]);
    expect(scans[0]!.scanId).toBeGreaterThan(scans[1]!.scanId);
    const snapshots = await store.configSnapshots(plugId);
    expect(snapshots.map((s) => s.config)).toEqual([
      { login: { enabled: false }, mqtt: { enable: false } },
      { login: { enabled: false }, mqtt: { enable: true } },
    ]);
    expect(snapshots[0]?.sha256).not.toBe(snapshots[1]?.sha256);
    const recent = await store.configSnapshots(plugId, snapshots[1]!.takenMs);
    expect(recent).toHaveLength(1);
    expect(await store.configSnapshots(bridgeId)).toEqual([]);
  });
});
