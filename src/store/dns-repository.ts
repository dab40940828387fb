import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../errors/index.ts';
import type { AggregateDrain, PairState } from '../sources/aggregate.ts';
import { sourceKey } from '../sources/source.ts';
import type { DnsNetworkHost, DnsSourceRef, DnsSourceRow } from '../sources/types.ts';
import type { DatabaseHandle } from './database.ts';
import { DnsAnalysisReader } from './dns-analysis-read.ts';
import { DnsReader } from './dns-read.ts';
import { DnsWriter } from './dns-write.ts';
import { STORE_ERROR_CODES, translateSqliteError } from './sqlite-errors.ts';

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
 * The DNS side of the database (migration 003): sources with their cursors, clients, domains, per-pair totals and
 * hourly buckets. It runs SQL on the raw better-sqlite3 connection under the store's Kysely layer (the same
 * connection): an import writes hundreds of thousands of rows, so statements are prepared once and run
 * synchronously inside one transaction per checkpoint, and the analysis aggregates millions of buckets in SQL.
 */
export class DnsRepository {
  readonly file: string;
  readonly #db: BetterSqlite3.Database;
  #writer: DnsWriter | undefined;
  /** Read-side queries (per-client counts, pairs with names, buckets) for the analysis and tests. */
  readonly read: DnsReader;
  /** The reads the DNS analysis (src/app/dns) needs, aggregated in SQL. */
  readonly analysis: DnsAnalysisReader;

  /** The DNS tables of an open, migrated database; Store makes one per connection. */
  constructor(handle: DatabaseHandle) {
    this.file = handle.file;
    this.#db = handle.raw;
    this.read = new DnsReader(handle.raw);
    this.analysis = new DnsAnalysisReader(handle);
  }

  /** The stored row of a source, created on first use. */
  source(ref: DnsSourceRef): DnsSourceRow {
    return this.#guardWrite('register a DNS source in', () => {
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
    this.#writerOf().remember(
      rows.map((r) => [r.ip, r.client_id]),
      rows.map((r) => [r.domain, r.domain_id]),
    );
    return rows.map(pairFromRow);
  }

  /** Commits one checkpoint of an import (see DnsWriter.commit). */
  commit(sourceId: number, drained: AggregateDrain, cursor: unknown, nowMs = Date.now()): void {
    this.#guardWrite('store DNS queries in', () => this.#writerOf().commit(sourceId, drained, cursor, nowMs));
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
    this.#guardWrite('store DNS network hosts in', () => run.immediate());
  }

  /** Notes a failed import on its source; the stored queries and cursor are unchanged. */
  recordError(sourceId: number, code: string, message: string): void {
    this.#guardWrite('record a DNS import error in', () =>
      this.#db
        .prepare('UPDATE dns_sources SET last_error_code = ?, last_error = ? WHERE id = ?')
        .run(code, message, sourceId),
    );
  }

  /** Records the analysis' client → device mapping on dns_clients, so other readers can join on it. */
  saveClientDevices(mapping: ReadonlyMap<number, string | null>): void {
    const update = this.#db.prepare('UPDATE dns_clients SET device_id = ? WHERE id = ? AND device_id IS NOT ?');
    const run = this.#db.transaction(() => {
      for (const [clientId, deviceId] of mapping) update.run(deviceId, clientId, deviceId);
    });
    this.#guardWrite('record DNS client devices in', () => run.immediate());
  }

  /** The import's prepared statements, compiled on first use: most commands never import DNS data. */
  #writerOf(): DnsWriter {
    this.#writer ??= new DnsWriter(this.#db);
    return this.#writer;
  }

  /**
   * Raw writes share the connection with the store's Kysely transactions. A Kysely transaction is open across
   * awaits, so a raw write started meanwhile would silently become part of it; refuse that instead (no such
   * overlap exists today: DNS imports and scans never run at the same time in one process).
   */
  #guardWrite<T>(action: string, work: () => T): T {
    if (this.#db.inTransaction) {
      throw new StoreError(
        `Could not ${action} ${this.file}: another write of this process is still in progress. This is a bug in iotwarden; please report it.`,
        undefined,
        STORE_ERROR_CODES.locked,
      );
    }
    return this.#guard(action, work);
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
