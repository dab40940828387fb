/**
 * Issue 12, done when "DNS before any scan": a Pi-hole database imported into an empty inventory gives a
 * `dns report` that analyses every client, names its periodic beacons, and merges each client into the inventory by
 * the MAC from Pi-hole's network table. No lab is started: the Pi-hole data is written for a prefix nobody listens on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDnsCommands } from '../../src/cli/commands/dns.ts';
import { registerInventoryCommands } from '../../src/cli/commands/inventory.ts';
import { writeSeedHomePiholeDb } from '../../src/lab/dns-traffic/lab-pihole-data.ts';
import type { TrafficClient } from '../../src/lab/dns-traffic/traffic-model.ts';
import { openStore } from '../../src/store/index.ts';
import { runCommand } from '../support/cli.ts';

let dir: string;
let db: string;
let clients: TrafficClient[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-dns-first-'));
  db = join(dir, 'inventory.db');
  const piholeDb = join(dir, 'pihole-FTL.db');
  clients = writeSeedHomePiholeDb(piholeDb, { prefix: '127.77.250', hours: 6 }).clients;
  await runCommand(registerDnsCommands, ['dns', 'import', '--pihole-db', piholeDb, '--db', db]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DNS before any scan', () => {
  it('analyses every client and names the garage door beacon, with nothing unmapped', async () => {
    const report = JSON.parse(await runCommand(registerDnsCommands, ['dns', 'report', '--json', '--db', db]));
    expect(report.unmapped).toEqual([]);
    const analysed = new Set(report.devices.map((d: { address: string }) => d.address));
    const store = await openStore(db, { readonly: true });
    const queried = store.dns.analysis.clients().map((c) => c.ip);
    await store.close();
    expect(queried.length).toBeGreaterThan(20);
    expect([...analysed].sort()).toEqual(queried.sort());
    // Pi-hole names clients by their reverse DNS name, so the garage door is `garage-door.lan` until scanned.
    const garage = report.devices.find((d: { label: string }) => d.label === 'garage-door.lan');
    expect(garage.profile.mappedBy).toBe('mac');
    const beacon = garage.profile.domains.find((d: { domain: string }) => d.domain === 'ntp.old-nas.example');
    expect(beacon.period.regular).toBe(true);
    expect(beacon.period.medianIntervalMs).toBeGreaterThan(900);
    expect(beacon.period.medianIntervalMs).toBeLessThan(1100);
    const text = await runCommand(registerDnsCommands, ['dns', 'report', '--device', 'garage-door.lan', '--db', db]);
    expect(text).toContain('ntp.old-nas.example');
    expect(text).toMatch(/every 1(\.0)? s/);
  });

  it('puts each client in the inventory by its network-table MAC, marked not scanned yet', async () => {
    const store = await openStore(db, { readonly: true });
    try {
      const devices = await store.devices();
      expect(devices).toHaveLength(clients.length);
      for (const client of clients) {
        const device = devices.find((d) => d.mac === client.mac?.toUpperCase());
        expect(device, client.name).toBeDefined();
        expect(device?.scanned).toBe(false);
        expect(device?.address).toBe(client.address);
        expect(device?.context.sources.map((s) => s.source)).toContain('pihole-network');
      }
    } finally {
      await store.close();
    }
    const listing = await runCommand(registerInventoryCommands, ['devices', '--db', db]);
    expect(listing).toContain('garage-door');
    expect(listing).toContain('not scanned yet');
  });

  it('importing again creates no second device for the same MAC', async () => {
    const piholeDb = join(dir, 'pihole-FTL.db');
    await runCommand(registerDnsCommands, ['dns', 'import', '--pihole-db', piholeDb, '--db', db]);
    const store = await openStore(db, { readonly: true });
    try {
      expect(await store.devices()).toHaveLength(clients.length);
    } finally {
      await store.close();
    }
  });
});
