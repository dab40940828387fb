import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { generateQueries } from '../../src/lab/dns-traffic/generate-queries.ts';
import { LAB_TRAFFIC_SEED } from '../../src/lab/dns-traffic/lab-pihole-data.ts';
import { seedHomeTrafficClients } from '../../src/lab/dns-traffic/seed-home-traffic.ts';
import type { GeneratedQuery } from '../../src/lab/dns-traffic/traffic-model.ts';
import { AdguardApiSource } from '../../src/sources/adguard/api-source.ts';
import { adguardKind } from '../../src/sources/adguard/simulator/adguard-kind.ts';
import { LAB_ADGUARD_PASSWORD } from '../../src/sources/adguard/simulator/settings.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { PiholeApiSource } from '../../src/sources/pihole/api-source.ts';
import { piholeKind } from '../../src/sources/pihole/simulator/pihole-kind.ts';
import { DNS_SOURCE_ERROR_CODES } from '../../src/sources/source-errors.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { testAddress } from '../support/addresses.ts';
import {
  countByClient,
  countsInStore,
  openTestStore,
  scratchDir,
  sorted,
  type TestDnsStore,
} from '../support/dns-sources.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 12, 9);
const PIHOLE_PASSWORD = 'correct horse battery';

let dir: string;
let cleanup: () => void;
let store: TestDnsStore;
beforeEach(async () => {
  ({ dir, cleanup } = scratchDir());
  store = await openTestStore(dir);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

/** What the lab sinkhole at `address` has logged by `nowMs`: the generator's own output, independently. */
function expected(address: string, historyHours: number, nowMs: number): GeneratedQuery[] {
  const prefix = address.split('.').slice(0, 3).join('.');
  const clients = seedHomeTrafficClients(prefix);
  const startMs = START - historyHours * HOUR;
  return [...generateQueries(clients, { startMs, endMs: nowMs + 1, seed: LAB_TRAFFIC_SEED })];
}

describe('Pi-hole v6 API (lab simulator on loopback)', () => {
  const clock = new FakeClock(START);
  let pihole: StartedSimulator;
  let url: string;
  beforeAll(async () => {
    const address = testAddress();
    pihole = await startSimulator(piholeKind, {
      name: 'pihole',
      address,
      clock,
      settings: { auth: { enabled: true, password: PIHOLE_PASSWORD }, traffic: { historyHours: 2 }, maxSessions: 2 },
    });
    url = `http://${address}:${pihole.portOf(80)}`;
  });
  afterAll(() => pihole.stop());

  it('logs in, pages through windows of the query log, logs out, and counts what Pi-hole logged', async () => {
    const source = () => new PiholeApiSource(url, { password: PIHOLE_PASSWORD, pageLength: 250 });
    const truth = expected(pihole.host.address, 2, clock.now());
    const first = await importDns(store, source());
    expect(first.imported).toBe(truth.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient(truth)));
    const blocked = truth.filter((q) => q.status === 'GRAVITY').length;
    expect(store.read.clientCounts().reduce((sum, c) => sum + c.blocked, 0)).toBe(blocked);
    // Nothing new: nothing counted. Two seats only, so the four logins below pass only if each import logged out.
    expect((await importDns(store, source())).imported).toBe(0);
    await clock.advance(HOUR / 2);
    const later = expected(pihole.host.address, 2, clock.now());
    const second = await importDns(store, source());
    expect(second.imported).toBe(later.length - truth.length);
    expect((await importDns(store, source())).imported).toBe(0);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient(later)));
  });

  it('refuses a wrong or missing password with ERR_DNS_SOURCE_AUTH and keeps imported data', async () => {
    await importDns(store, new PiholeApiSource(url, { password: PIHOLE_PASSWORD }));
    const before = store.read.totals();
    for (const password of ['wrong password', undefined]) {
      await expect(importDns(store, new PiholeApiSource(url, { password }))).rejects.toMatchObject({
        code: DNS_SOURCE_ERROR_CODES.auth,
      });
    }
    expect(store.read.totals()).toEqual(before);
    expect(store.sources()[0]?.last_error_code).toBe(DNS_SOURCE_ERROR_CODES.auth);
  });

  it('names an unreachable Pi-hole with ERR_DNS_SOURCE_UNREACHABLE', async () => {
    const nobody = `http://${testAddress()}:${pihole.portOf(80)}`;
    await expect(
      importDns(store, new PiholeApiSource(nobody, { password: PIHOLE_PASSWORD }), { timeoutMs: 1000 }),
    ).rejects.toMatchObject({ code: DNS_SOURCE_ERROR_CODES.unreachable });
  });
});

describe('AdGuard Home /control/querylog (lab simulator on loopback)', () => {
  const clock = new FakeClock(START);
  let adguard: StartedSimulator;
  let url: string;
  beforeAll(async () => {
    const address = testAddress();
    adguard = await startSimulator(adguardKind, {
      name: 'adguard',
      address,
      clock,
      settings: { traffic: { historyHours: 1 } },
    });
    url = `http://${address}:${adguard.portOf(80)}`;
  });
  afterAll(() => adguard.stop());

  it('pages back with older_than to the cursor and counts each entry once', async () => {
    const source = () =>
      new AdguardApiSource(url, { username: 'admin', password: LAB_ADGUARD_PASSWORD, pageLimit: 300 });
    const truth = expected(adguard.host.address, 1, clock.now());
    expect((await importDns(store, source())).imported).toBe(truth.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient(truth)));
    expect((await importDns(store, source())).imported).toBe(0);
    await clock.advance(HOUR / 4);
    const later = expected(adguard.host.address, 1, clock.now());
    expect((await importDns(store, source())).imported).toBe(later.length - truth.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient(later)));
    const blocked = later.filter((q) => q.status === 'GRAVITY').length;
    expect(store.read.clientCounts().reduce((sum, c) => sum + c.blocked, 0)).toBe(blocked);
  });

  it('refuses wrong credentials with ERR_DNS_SOURCE_AUTH and keeps imported data', async () => {
    await importDns(store, new AdguardApiSource(url, { username: 'admin', password: LAB_ADGUARD_PASSWORD }));
    const before = store.read.totals();
    await expect(
      importDns(store, new AdguardApiSource(url, { username: 'admin', password: 'guess' })),
    ).rejects.toMatchObject({ code: DNS_SOURCE_ERROR_CODES.auth });
    expect(store.read.totals()).toEqual(before);
  });
});
