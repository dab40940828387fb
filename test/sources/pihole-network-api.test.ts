/**
 * Issue 12: the lab Pi-hole serves its network table on `/api/network/devices`, and `dns import --pihole-url` puts
 * every client into the inventory by MAC from it, as the database import does from the `network` tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources } from '../../src/app/dns/run-import.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { PiholeApiSource } from '../../src/sources/pihole/api-source.ts';
import { piholeKind } from '../../src/sources/pihole/simulator/pihole-kind.ts';
import { openStore } from '../../src/store/index.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { testAddress } from '../support/addresses.ts';

let pihole: StartedSimulator;
let address: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-pihole-network-'));
  address = testAddress();
  pihole = await startSimulator(piholeKind, {
    address,
    clock: new FakeClock(Date.now()),
    settings: { auth: { password: 'pw' }, traffic: { historyHours: 1 } },
  });
});

afterAll(async () => {
  await pihole?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the Pi-hole API's network table", () => {
  it('merges every client into the inventory by MAC, named as Pi-hole names it', async () => {
    const store = await openStore(join(dir, 'inventory.db'));
    try {
      const reader = new PiholeApiSource(`http://${address}:${pihole.portOf(80)}`, { password: 'pw' });
      const [outcome] = await importSources(store, [reader]);
      expect(outcome?.ok).toBe(true);
      if (!outcome?.ok) return;
      expect(outcome.result.networkHosts).toBeGreaterThan(20);
      const devices = await store.devices();
      const garage = devices.find((d) => d.name === 'garage-door.lan');
      expect(garage?.mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
      expect(garage?.context.sources.map((s) => s.source)).toContain('pihole-network');
      expect(devices.filter((d) => d.mac)).toHaveLength(outcome.result.networkHosts);
    } finally {
      await store.close();
    }
  });

  it('answers 401 without a session', async () => {
    const response = await fetch(`http://${address}:${pihole.portOf(80)}/api/network/devices`, {
      signal: AbortSignal.timeout(2_000),
    });
    expect(response.status).toBe(401);
  });
});
