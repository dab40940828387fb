/**
 * Issue 12: AdGuard Home's clients feed the inventory. The lab's AdGuard Home answers `/control/clients` with
 * persistent clients (name, ids with address and MAC) and runtime ones; `dns import` from its API puts the persistent
 * ones into the inventory by MAC, with `adguard-clients` as their source, and every query client besides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources } from '../../src/app/dns/run-import.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { AdguardApiSource } from '../../src/sources/adguard/api-source.ts';
import { adguardKind } from '../../src/sources/adguard/simulator/adguard-kind.ts';
import { openStore } from '../../src/store/index.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { testAddress } from '../support/addresses.ts';

let adguard: StartedSimulator;
let address: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-adguard-clients-'));
  address = testAddress();
  adguard = await startSimulator(adguardKind, {
    address,
    clock: new FakeClock(Date.now()),
    settings: { auth: { password: 'pw' }, traffic: { historyHours: 2 } },
  });
});

afterAll(async () => {
  await adguard?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('AdGuard Home clients', () => {
  it('become inventory devices by MAC, and every query client is a device too', async () => {
    const store = await openStore(join(dir, 'inventory.db'));
    try {
      const reader = new AdguardApiSource(`http://${address}:${adguard.portOf(80)}`, {
        username: 'admin',
        password: 'pw',
      });
      const [outcome] = await importSources(store, [reader]);
      expect(outcome?.ok).toBe(true);
      if (!outcome?.ok) return;
      expect(outcome.result.networkHosts).toBeGreaterThan(3);
      const devices = await store.devices();
      const fromClients = devices.filter((d) => d.context.sources.some((s) => s.source === 'adguard-clients'));
      expect(fromClients).toHaveLength(outcome.result.networkHosts);
      for (const device of fromClients) {
        expect(device.mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
        expect(device.scanned).toBe(false);
      }
      // Every query client, and every persistent client (known to AdGuard even when it asked nothing lately).
      const clientIps = store.dns.analysis.clients().map((c) => c.ip);
      const persistentIps = store.dns.analysis.networkHosts().map((h) => h.ip);
      expect(devices.map((d) => d.address).sort()).toEqual([...new Set([...clientIps, ...persistentIps])].sort());
    } finally {
      await store.close();
    }
  });
});
