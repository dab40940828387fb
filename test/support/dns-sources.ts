import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DnsRepository } from '../../src/store/dns-repository.ts';
import { openStore } from '../../src/store/index.ts';
import { sharedFixturePath } from './shared-fixtures.ts';

/** Pi-hole schemas from ../shared/fixtures (read at test time, never copied). */
export const PIHOLE_FIXTURES = sharedFixturePath('pihole');
export const FTL_CURRENT_SQL = join(PIHOLE_FIXTURES, 'ftl-v6-schema.sql');
export const FTL_LEGACY_SQL = join(PIHOLE_FIXTURES, 'pihole-FTL.db.sql');

/** Reads a fixture, failing loudly (not skipping) when it is missing. */
export function readFixture(path: string): string {
  if (!existsSync(path)) throw new Error(`conformance fixture missing: ${path}`);
  return readFileSync(path, 'utf8');
}

/** A scratch directory removed by the returned cleanup. */
export function scratchDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-dns-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Pi-hole database built from one of the fixture schemas (the schema's own journal mode unless `wal`). */
export function ftlFromFixture(
  file: string,
  layout: 'current' | 'legacy',
  options: { wal?: boolean } = {},
): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  if (options.wal) db.pragma('journal_mode = WAL');
  db.exec(readFixture(layout === 'current' ? FTL_CURRENT_SQL : FTL_LEGACY_SQL));
  return db;
}

/** Ground truth straight from the source database: queries per client, as `sqlite3` would count them. */
export function countsInFtl(file: string): Map<string, number> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT client, count(*) AS n FROM queries GROUP BY client').all() as Array<{
      client: string;
      n: number;
    }>;
    return new Map(rows.map((r) => [r.client, r.n]));
  } finally {
    db.close();
  }
}

/** Queries per client as the store counted them. */
export function countsInStore(store: DnsRepository, sourceId?: number): Map<string, number> {
  return new Map(store.read.clientCounts(sourceId).map((c) => [c.ip, c.queries]));
}

/** The DNS tables of a fresh database in `dir`, with `close()` closing the whole store: what imports go into. */
export type TestDnsStore = DnsRepository & { close(): Promise<void> };

export async function openTestStore(dir: string): Promise<TestDnsStore> {
  const store = await openStore(join(dir, 'iotwarden.db'));
  return Object.assign(store.dns, { close: () => store.close() });
}

/** Per-client counts of any list of queries. */
export function countByClient(queries: Iterable<{ client: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const q of queries) counts.set(q.client, (counts.get(q.client) ?? 0) + 1);
  return counts;
}

export function sorted(map: Map<string, number>): Array<[string, number]> {
  return [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}
