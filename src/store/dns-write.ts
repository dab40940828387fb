import type BetterSqlite3 from 'better-sqlite3';
import type { AggregateDrain, BucketCounters, Counters, PairState } from '../sources/aggregate.ts';

const COUNTER_COLUMNS =
  'queries, allowed, blocked, other, first_ms, last_ms, qtype_mask, gap_count, gap_sum_ms, gap_sq_sum, gap_min_ms, gap_max_ms';
const COUNTER_PARAMS = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?';

function counterValues(c: Counters): Array<number | null> {
  return [
    c.queries,
    c.allowed,
    c.blocked,
    c.other,
    c.firstMs,
    c.lastMs,
    c.qtypeMask,
    c.gapCount,
    c.gapSumMs,
    c.gapSqSum,
    c.gapMinMs,
    c.gapMaxMs,
  ];
}

function histJson(pair: PairState): string {
  return JSON.stringify([...pair.hist.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * The prepared statements of a DNS import, compiled once per store. `commit` writes one checkpoint: clients,
 * domains, pair totals (absolute), bucket deltas (merged into stored hours) and the source's cursor.
 */
export class DnsWriter {
  readonly #db: BetterSqlite3.Database;
  readonly #clientIds = new Map<string, number>();
  readonly #domainIds = new Map<string, number>();
  readonly #upsertClient: BetterSqlite3.Statement;
  readonly #upsertDomain: BetterSqlite3.Statement;
  readonly #insertPair: BetterSqlite3.Statement;
  readonly #updatePair: BetterSqlite3.Statement;
  readonly #mergeBucket: BetterSqlite3.Statement;
  readonly #advanceSource: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#upsertClient = db.prepare(
      `INSERT INTO dns_clients (ip, name, first_ms, last_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (ip) DO UPDATE SET name = coalesce(excluded.name, name),
         first_ms = min(first_ms, excluded.first_ms), last_ms = max(last_ms, excluded.last_ms)
       RETURNING id`,
    );
    // DO UPDATE (not DO NOTHING) so RETURNING yields the id of an existing row too.
    this.#upsertDomain = db.prepare(
      'INSERT INTO dns_domains (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id',
    );
    this.#insertPair = db.prepare(
      `INSERT INTO dns_pairs (source_id, client_id, domain_id, ${COUNTER_COLUMNS}, gap_hist_json)
       VALUES (?, ?, ?, ${COUNTER_PARAMS}, ?) RETURNING id`,
    );
    this.#updatePair = db.prepare(
      `UPDATE dns_pairs SET (${COUNTER_COLUMNS}, gap_hist_json) = (${COUNTER_PARAMS}, ?) WHERE id = ?`,
    );
    // min()/max() of SQLite return NULL when either side is NULL, hence the coalesce pairs on the interval bounds.
    this.#mergeBucket = db.prepare(
      `INSERT INTO dns_buckets (pair_id, bucket_ms, ${COUNTER_COLUMNS}) VALUES (?, ?, ${COUNTER_PARAMS})
       ON CONFLICT (pair_id, bucket_ms) DO UPDATE SET
         queries = queries + excluded.queries, allowed = allowed + excluded.allowed,
         blocked = blocked + excluded.blocked, other = other + excluded.other,
         first_ms = min(first_ms, excluded.first_ms), last_ms = max(last_ms, excluded.last_ms),
         qtype_mask = qtype_mask | excluded.qtype_mask, gap_count = gap_count + excluded.gap_count,
         gap_sum_ms = gap_sum_ms + excluded.gap_sum_ms, gap_sq_sum = gap_sq_sum + excluded.gap_sq_sum,
         gap_min_ms = min(coalesce(gap_min_ms, excluded.gap_min_ms), coalesce(excluded.gap_min_ms, gap_min_ms)),
         gap_max_ms = max(coalesce(gap_max_ms, excluded.gap_max_ms), coalesce(excluded.gap_max_ms, gap_max_ms))`,
    );
    this.#advanceSource = db.prepare(
      `UPDATE dns_sources SET cursor_json = ?, imported_queries = imported_queries + ?, last_import_ms = ?,
         first_import_ms = coalesce(first_import_ms, ?), last_error_code = NULL, last_error = NULL WHERE id = ?`,
    );
  }

  /** Writes one checkpoint in one IMMEDIATE transaction; on any error nothing of it is stored. */
  commit(sourceId: number, drained: AggregateDrain, cursor: unknown, nowMs: number): void {
    const newPairs = drained.pairs.filter((pair) => pair.id === undefined);
    const run = this.#db.transaction(() => {
      for (const client of drained.clients) {
        const row = this.#upsertClient.get(client.ip, client.name ?? null, client.firstMs, client.lastMs) as {
          id: number;
        };
        this.#clientIds.set(client.ip, row.id);
      }
      for (const pair of drained.pairs) this.#writePair(sourceId, pair);
      for (const { pair, counters } of drained.buckets) this.#mergeBucketRow(pair, counters);
      this.#advanceSource.run(JSON.stringify(cursor ?? {}), drained.queries, nowMs, nowMs, sourceId);
    });
    try {
      run.immediate();
    } catch (error) {
      // Ids handed out inside the rolled-back transaction no longer exist.
      this.#clientIds.clear();
      this.#domainIds.clear();
      for (const pair of newPairs) pair.id = undefined;
      throw error;
    }
  }

  /** Seeds the id caches with rows read back from the store. */
  remember(clients: Iterable<[string, number]>, domains: Iterable<[string, number]>): void {
    for (const [ip, id] of clients) this.#clientIds.set(ip, id);
    for (const [name, id] of domains) this.#domainIds.set(name, id);
  }

  #writePair(sourceId: number, pair: PairState): void {
    if (pair.id !== undefined) {
      this.#updatePair.run(...counterValues(pair.total), histJson(pair), pair.id);
      return;
    }
    const clientId = this.#clientId(pair.client);
    const domainId = this.#domainId(pair.domain);
    const row = this.#insertPair.get(sourceId, clientId, domainId, ...counterValues(pair.total), histJson(pair)) as {
      id: number;
    };
    pair.id = row.id;
  }

  #mergeBucketRow(pair: PairState, counters: BucketCounters): void {
    this.#mergeBucket.run(pair.id, counters.bucketMs, ...counterValues(counters));
  }

  #clientId(ip: string): number {
    const known = this.#clientIds.get(ip);
    if (known !== undefined) return known;
    const row = this.#upsertClient.get(ip, null, Number.MAX_SAFE_INTEGER, 0) as { id: number };
    this.#clientIds.set(ip, row.id);
    return row.id;
  }

  #domainId(name: string): number {
    const known = this.#domainIds.get(name);
    if (known !== undefined) return known;
    const row = this.#upsertDomain.get(name) as { id: number };
    this.#domainIds.set(name, row.id);
    return row.id;
  }
}
