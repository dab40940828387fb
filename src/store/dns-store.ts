import BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../errors/index.ts';
import type { AggregateDrain, PairState } from '../sources/aggregate.ts';
import { sourceKey } from '../sources/source.ts';
import type { DnsNetworkHost, DnsSourceRef, DnsSourceRow } from '../sources/types.ts';
import { DnsReader } from './dns-read.ts';
import { DnsWriter } from './dns-write.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { STORE_ERROR_CODES, translateSqliteError } from './sqlite-errors.ts';
import { openStore } from './store.ts';

interface StoredPair {
  id: number;
  ip: string;
  client_id: number;
  domain: string;
  domain_id: number;
  queries: number;
  allowed: number;
  blocked: number;
  other: number;
  first_ms: number;
  last_ms: number;
  qtype_mask: number;
  gap_count: number;
  gap_sum_ms: number;
  gap_sq_sum: number;
  gap_min_ms: number | null;
  gap_max_ms: number | null;
  gap_hist_json: string;
}

/**
 * The DNS side of the inventory database (migration 003). It talks to SQLite through better-sqlite3 directly, not
 * Kysely: an import writes hundreds of thousands of rows, so statements are prepared once and run synchronously
 * inside one transaction per checkpoint.
 */
export class DnsStore {
  readonly file: string;
  readonly #db: BetterSqlite3.Database;
  readonly #writer: DnsWriter;
  /** Read-side queries (per-client counts, pairs with names, buckets) for the analysis and tests. */
  readonly read: DnsReader;

  private constructor(file: string, db: BetterSqlite3.Database) {
    this.file = file;
    this.#db = db;
    this.#writer = new DnsWriter(db);
    this.read = new DnsReader(db);
  }

  /** Opens (creating and migrating when needed) the inventory at `file`. */
  static async open(file: string, options: { busyTimeoutMs?: number } = {}): Promise<DnsStore> {
    if (!MIGRATIONS.some((m) => m.version === 3 && m.name === 'dns')) {
      throw new StoreError(
        'This build does not register migration 003-dns (src/store/migrations/index.ts); the DNS tables are missing.',
        undefined,
        STORE_ERROR_CODES.olderSchema,
      );
    }
    // The inventory store owns creation and migrations; this connection only reads and writes the dns_* tables.
    const store = await openStore(file, { busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
    await store.close();
    let db: BetterSqlite3.Database | undefined;
    try {
      db = new BetterSqlite3(file, { fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      return new DnsStore(file, db);
    } catch (error) {
      db?.close();
      throw translateSqliteError(error, file, 'open the DNS tables of');
    }
  }

  /** The stored row of a source, created on first use. */
  source(ref: DnsSourceRef): DnsSourceRow {
    return this.#guard('register a DNS source in', () => {
      this.#db
        .prepare('INSERT INTO dns_sources (key, kind, location) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING')
        .run(sourceKey(ref), ref.kind, ref.location);
      return this.#db.prepare('SELECT * FROM dns_sources WHERE key = ?').get(sourceKey(ref)) as DnsSourceRow;
    });
  }

  sources(): DnsSourceRow[] {
    return this.#guard('list DNS sources in', () =>
      this.#db.prepare('SELECT * FROM dns_sources ORDER BY id').all(),
    ) as DnsSourceRow[];
  }

  /** The stored pairs of a source as aggregator state, so an import continues their totals and intervals. */
  loadState(sourceId: number): PairState[] {
    const rows = this.#guard('read DNS pairs from', () =>
      this.#db
        .prepare(
          `SELECT p.*, c.ip, d.name AS domain FROM dns_pairs p JOIN dns_clients c ON c.id = p.client_id
           JOIN dns_domains d ON d.id = p.domain_id WHERE p.source_id = ?`,
        )
        .all(sourceId),
    ) as StoredPair[];
    this.#writer.remember(
      rows.map((r) => [r.ip, r.client_id]),
      rows.map((r) => [r.domain, r.domain_id]),
    );
    return rows.map(pairFromRow);
  }

  /** Commits one checkpoint of an import (see DnsWriter.commit). */
  commit(sourceId: number, drained: AggregateDrain, cursor: unknown, nowMs = Date.now()): void {
    this.#guard('store DNS queries in', () => this.#writer.commit(sourceId, drained, cursor, nowMs));
  }

  /** Replaces the network-table rows of a source and copies MACs onto the matching clients. */
  recordNetworkHosts(sourceId: number, hosts: readonly DnsNetworkHost[]): void {
    const insert = this.#db.prepare(
      `INSERT INTO dns_network_hosts (source_id, mac, ip, name, vendor, first_ms, last_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, mac, ip) DO UPDATE SET name = excluded.name, vendor = excluded.vendor,
         first_ms = excluded.first_ms, last_ms = excluded.last_ms`,
    );
    const tagClient = this.#db.prepare('UPDATE dns_clients SET mac = ? WHERE ip = ?');
    const run = this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM dns_network_hosts WHERE source_id = ?').run(sourceId);
      // Newest sighting last, so a reused IP ends up tagged with the MAC that holds it now.
      for (const host of [...hosts].sort((a, b) => a.lastSeenMs - b.lastSeenMs)) {
        insert.run(
          sourceId,
          host.mac,
          host.ip,
          host.name ?? null,
          host.vendor ?? null,
          host.firstSeenMs ?? null,
          host.lastSeenMs,
        );
        tagClient.run(host.mac, host.ip);
      }
    });
    this.#guard('store DNS network hosts in', () => run.immediate());
  }

  /** Notes a failed import on its source; the stored queries and cursor are unchanged. */
  recordError(sourceId: number, code: string, message: string): void {
    this.#guard('record a DNS import error in', () =>
      this.#db
        .prepare('UPDATE dns_sources SET last_error_code = ?, last_error = ? WHERE id = ?')
        .run(code, message, sourceId),
    );
  }

  close(): void {
    this.#db.close();
  }

  #guard<T>(action: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw translateSqliteError(error, this.file, action);
    }
  }
}

function pairFromRow(row: StoredPair): PairState {
  return {
    id: row.id,
    client: row.ip,
    domain: row.domain,
    total: {
      queries: row.queries,
      allowed: row.allowed,
      blocked: row.blocked,
      other: row.other,
      firstMs: row.first_ms,
      lastMs: row.last_ms,
      qtypeMask: row.qtype_mask,
      gapCount: row.gap_count,
      gapSumMs: row.gap_sum_ms,
      gapSqSum: row.gap_sq_sum,
      gapMinMs: row.gap_min_ms,
      gapMaxMs: row.gap_max_ms,
    },
    lastMs: row.last_ms,
    hist: new Map(JSON.parse(row.gap_hist_json) as Array<[number, number]>),
    open: undefined,
    dirty: false,
  };
}
