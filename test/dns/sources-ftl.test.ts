import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FTL_INDEXES_SQL, FTL_TABLES_SQL } from '../../src/lab/dns-traffic/ftl-schema.ts';
import { createFtlDatabase } from '../../src/lab/dns-traffic/ftl-writer.ts';
import { writeFtlTraffic } from '../../src/lab/dns-traffic/lab-pihole-data.ts';
import { seedHomeTrafficClients } from '../../src/lab/dns-traffic/seed-home-traffic.ts';
import { GARAGE_DOOR_SNTP_HOST } from '../../src/lab/dns-traffic/traffic-profiles.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { FtlDbSource } from '../../src/sources/pihole/ftl-db-source.ts';
import { DNS_SOURCE_ERROR_CODES } from '../../src/sources/source-errors.ts';
import {
  countsInFtl,
  countsInStore,
  FTL_CURRENT_SQL,
  FTL_LEGACY_SQL,
  ftlFromFixture,
  openTestStore,
  readFixture,
  scratchDir,
  sorted,
  type TestDnsStore,
} from '../support/dns-sources.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 10, 8);
const clients = seedHomeTrafficClients('127.77.1');
const GARAGE = '127.77.1.10';

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

/** A fixture-schema database holding `hours` of seed-home traffic from `startMs`. */
function ftlWithTraffic(layout: 'current' | 'legacy', hours: number, startMs = T0, options: { wal?: boolean } = {}) {
  const file = join(dir, `${layout}-pihole-FTL.db`);
  const db = ftlFromFixture(file, layout, options);
  const { queries } = writeFtlTraffic(db, clients, { startMs, endMs: startMs + hours * HOUR, seed: 7 });
  return { file, db, queries };
}

describe('Pi-hole FTL database (conformance with ../shared/fixtures/pihole)', () => {
  it('reads both fixture schemas, and the lab writes the current one column for column', () => {
    const checked = [FTL_CURRENT_SQL, FTL_LEGACY_SQL];
    for (const file of checked) expect(readFixture(file).length).toBeGreaterThan(100);
    console.log(`pihole conformance: checked ${checked.length} fixture files: ${checked.join(', ')}`);
    const fixture = new BetterSqlite3(':memory:');
    fixture.exec(readFixture(FTL_CURRENT_SQL));
    const lab = new BetterSqlite3(':memory:');
    lab.exec(FTL_TABLES_SQL + FTL_INDEXES_SQL);
    const shape = (db: BetterSqlite3.Database) =>
      (
        db.prepare("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{
          name: string;
          type: string;
        }>
      ).map(({ name, type }) => ({
        name,
        type,
        columns: (db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string; type: string }>).map(
          (c) => `${c.name}:${c.type}`,
        ),
      }));
    expect(shape(lab)).toEqual(shape(fixture));
  });

  it.each(['current', 'legacy'] as const)('imports the %s layout with the counts sqlite3 gives', async (layout) => {
    const { file, db, queries } = ftlWithTraffic(layout, 2);
    db.close();
    const result = await importDns(store, new FtlDbSource(file, { chunkSize: 2000 }));
    expect(result.imported).toBe(queries);
    expect(sorted(countsInStore(store))).toEqual(sorted(countsInFtl(file)));
    // The garage door asks for one name about once a second.
    const [garage] = [...store.read.pairs({ ip: GARAGE })];
    expect(garage?.domain).toBe(GARAGE_DOOR_SNTP_HOST);
    expect(garage!.queries).toBeGreaterThan(7000);
    expect(garage!.gap_sum_ms / garage!.gap_count).toBeGreaterThan(950);
    expect(garage!.gap_sum_ms / garage!.gap_count).toBeLessThan(1050);
    expect(store.read.buckets(garage!.id).map((b) => b.bucket_ms)).toEqual([T0, T0 + HOUR]);
    // Quiet devices stay quiet: the ESPHome sensor asked for nothing.
    expect(countsInStore(store).has('127.77.1.51')).toBe(false);
  });

  it('reads the network table: MAC ↔ IP ↔ name, and tags the clients with their MAC', async () => {
    const legacy = ftlWithTraffic('legacy', 1);
    legacy.db.close();
    const result = await importDns(store, new FtlDbSource(legacy.file));
    // The fixture's own rows (aa:bb:cc:dd:ee:ff on 127.0.0.4 and .5, 00:11:22:33:44:55 on .6) plus the lab's.
    const hosts = store.read.networkHosts();
    expect(hosts.filter((h) => h.ip.startsWith('127.0.0.')).map((h) => [h.ip, h.mac])).toEqual([
      ['127.0.0.4', 'AA:BB:CC:DD:EE:FF'],
      ['127.0.0.5', 'AA:BB:CC:DD:EE:FF'],
      ['127.0.0.6', '00:11:22:33:44:55'],
    ]);
    const garageMac = clients.find((c) => c.name === 'garage-door')?.mac;
    expect(hosts.find((h) => h.ip === GARAGE)).toMatchObject({ mac: garageMac, name: 'garage-door.lan' });
    expect(store.read.clients().find((c) => c.ip === GARAGE)?.mac).toBe(garageMac);
    expect(result.networkHosts).toBe(hosts.length);
  });

  it('is idempotent, and a later import counts only what is new', async () => {
    const { file, db, queries } = ftlWithTraffic('current', 1);
    const first = await importDns(store, new FtlDbSource(file));
    const totals = store.read.totals();
    const again = await importDns(store, new FtlDbSource(file));
    expect(again.imported).toBe(0);
    expect(store.read.totals()).toEqual(totals);
    const more = writeFtlTraffic(db, clients, { startMs: T0 + HOUR, endMs: T0 + 2 * HOUR, seed: 8 });
    db.close();
    const third = await importDns(store, new FtlDbSource(file));
    expect(first.imported).toBe(queries);
    expect(third.imported).toBe(more.queries);
    expect(store.read.totals().queries).toBe(queries + more.queries);
    expect(sorted(countsInStore(store))).toEqual(sorted(countsInFtl(file)));
    // The interval across the two imports is counted once, in the later hour.
    const [garage] = [...store.read.pairs({ ip: GARAGE })];
    expect(garage!.gap_count).toBe(garage!.queries - 1);
  });

  it('reads a WAL database while Pi-hole writes: committed rows now, the rest next time', async () => {
    const { file, db, queries } = ftlWithTraffic('current', 1, T0, { wal: true });
    db.exec('BEGIN IMMEDIATE');
    const pending = writeFtlTraffic(db, clients.slice(0, 3), { startMs: T0 + HOUR, endMs: T0 + 2 * HOUR, seed: 9 });
    const during = await importDns(store, new FtlDbSource(file, { busyTimeoutMs: 200 }));
    expect(during.imported).toBe(queries);
    db.exec('COMMIT');
    db.close();
    const after = await importDns(store, new FtlDbSource(file));
    expect(after.imported).toBe(pending.queries);
  });

  it('fails clearly on a locked database and keeps what was imported before', async () => {
    const { file, db, queries } = ftlWithTraffic('current', 1);
    await importDns(store, new FtlDbSource(file));
    writeFtlTraffic(db, clients, { startMs: T0 + HOUR, endMs: T0 + 2 * HOUR, seed: 10 });
    db.exec('BEGIN EXCLUSIVE'); // rollback-journal mode: an exclusive lock shuts readers out
    db.prepare('INSERT INTO counters (id, value) VALUES (9, 1) ON CONFLICT DO UPDATE SET value = value + 1').run();
    const source = new FtlDbSource(file, { busyTimeoutMs: 150 });
    await expect(importDns(store, source)).rejects.toMatchObject({ code: DNS_SOURCE_ERROR_CODES.locked });
    expect(store.read.totals().queries).toBe(queries);
    expect(store.sources()[0]).toMatchObject({ last_error_code: DNS_SOURCE_ERROR_CODES.locked });
    db.exec('ROLLBACK');
    db.close();
  });

  it('reads a backup copy when the lock outlasts the busy timeout but not the copy', async () => {
    const { file, db, queries } = ftlWithTraffic('current', 1);
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('INSERT INTO counters (id, value) VALUES (9, 1)').run();
    setTimeout(() => db.exec('COMMIT'), 400);
    const result = await importDns(store, new FtlDbSource(file, { busyTimeoutMs: 300 }));
    db.close();
    expect(result.imported).toBe(queries);
    expect(result.limitations.join(' ')).toMatch(/backup copy/);
  });

  it('names corrupt, foreign and missing files with stable codes and keeps imported data', async () => {
    const { file, db, queries } = ftlWithTraffic('current', 1);
    db.close();
    await importDns(store, new FtlDbSource(file));
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    await expect(importDns(store, new FtlDbSource(garbage))).rejects.toMatchObject({
      code: DNS_SOURCE_ERROR_CODES.corrupt,
    });
    const foreign = join(dir, 'foreign.db');
    new BetterSqlite3(foreign).exec('CREATE TABLE notes (text TEXT)');
    await expect(importDns(store, new FtlDbSource(foreign))).rejects.toMatchObject({
      code: DNS_SOURCE_ERROR_CODES.format,
    });
    await expect(importDns(store, new FtlDbSource(join(dir, 'nope.db')))).rejects.toMatchObject({
      code: DNS_SOURCE_ERROR_CODES.missing,
    });
    expect(store.read.totals().queries).toBe(queries);
  });

  /** A fixture-schema database (current layout) holding exactly these rows of query_storage, by id. */
  function ftlWithIds(name: string, rows: Array<[id: bigint | number, client: string]>): string {
    const file = join(dir, name);
    const db = ftlFromFixture(file, 'current');
    db.prepare("INSERT INTO domain_by_id (id, domain) VALUES (1, 'time.google.com')").run();
    const client = db.prepare('INSERT OR IGNORE INTO client_by_id (id, ip) VALUES (?, ?)');
    const query = db.prepare(
      'INSERT INTO query_storage (id, timestamp, type, status, domain, client) VALUES (?, ?, 1, 2, 1, ?)',
    );
    rows.forEach(([id, ip], i) => {
      client.run(i + 1, ip);
      query.run(id, T0 / 1000 + i, i + 1);
    });
    db.close();
    return file;
  }

  it('pages by rows: two queries with ids 1 and 4×10¹² import at once, and only once', async () => {
    const file = ftlWithIds('sparse-pihole-FTL.db', [
      [1, '127.77.1.10'],
      [4_000_000_000_000, '127.77.1.11'],
    ]);
    const started = performance.now();
    const result = await importDns(store, new FtlDbSource(file));
    const elapsedMs = performance.now() - started;
    expect(result.imported).toBe(2);
    expect(sorted(countsInStore(store))).toEqual([
      ['127.77.1.10', 1],
      ['127.77.1.11', 1],
    ]);
    expect(elapsedMs).toBeLessThan(1000);
    expect((await importDns(store, new FtlDbSource(file))).imported).toBe(0);
    // A later id, however far on, is the only thing the next import counts.
    const db = new BetterSqlite3(file);
    db.prepare('INSERT INTO query_storage (id, timestamp, type, status, domain, client) VALUES (?, ?, 1, 2, 1, 1)').run(
      9_000_000_000_000,
      T0 / 1000 + 10,
    );
    db.close();
    expect((await importDns(store, new FtlDbSource(file))).imported).toBe(1);
    expect(store.read.totals().queries).toBe(3);
  });

  it('leaves out ids beyond 2^53, where JavaScript numbers stop being exact, and says so', async () => {
    const file = ftlWithIds('huge-ids-pihole-FTL.db', [
      [5, '127.77.1.10'],
      [2n ** 60n, '127.77.1.11'],
      [2n ** 60n + 1n, '127.77.1.12'],
    ]);
    const result = await importDns(store, new FtlDbSource(file, { chunkSize: 1 }));
    expect(result.imported).toBe(1);
    expect(result.limitations.join(' ')).toMatch(/ids above 9007199254740991/);
    expect((await importDns(store, new FtlDbSource(file))).imported).toBe(0);
  });

  it('continues by time when the database was replaced and its ids started again', async () => {
    const first = ftlWithTraffic('current', 1);
    first.db.close();
    await importDns(store, new FtlDbSource(first.file));
    // Pi-hole's database was flushed: a new file in the same place, its ids from 1 again, holding newer queries.
    rmSync(first.file);
    const db = createFtlDatabase(first.file);
    const fresh = writeFtlTraffic(db, clients.slice(0, 5), { startMs: T0 + HOUR, endMs: T0 + 1.5 * HOUR, seed: 11 });
    db.close();
    const result = await importDns(store, new FtlDbSource(first.file));
    expect(result.imported).toBe(fresh.queries);
    expect(result.limitations.join(' ')).toMatch(/replaced/);
  });
});
