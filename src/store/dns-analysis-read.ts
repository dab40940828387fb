/**
 * The reads the DNS analysis (src/app/dns) needs, on top of the dns_* tables of migration 003 (see
 * src/sources/types.ts) and the inventory's address history. Raw better-sqlite3 like the rest of the DNS
 * repository: the analysis runs over up to millions of hourly bucket rows, so it aggregates in SQL.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseHandle } from './database.ts';
import { translateSqliteError } from './sqlite-errors.ts';

export interface AnalysisClient {
  id: number;
  ip: string;
  name: string | null;
  /** dns_clients.mac, else the newest network-table MAC for the address. Upper-case colon form. */
  mac: string | null;
  firstMs: number;
  lastMs: number;
}

/** A network-table row as the inventory reads it (see networkHosts). */
export interface AnalysisNetworkHost {
  kind: string;
  location: string;
  mac: string;
  ip: string;
  name: string | null;
  vendor: string | null;
  firstMs: number | null;
  lastMs: number;
}

export interface AnalysisPair {
  clientId: number;
  domain: string;
  queries: number;
  blocked: number;
  firstMs: number;
  lastMs: number;
  histJson: string;
}

export interface AddressHolding {
  deviceId: string;
  address: string;
  firstSeenMs: number;
  lastSeenMs: number;
}

/** Read-only queries for the DNS analysis, on the store's one connection. */
export class DnsAnalysisReader {
  readonly #file: string;
  readonly #db: BetterSqlite3.Database;

  constructor(handle: DatabaseHandle) {
    this.#file = handle.file;
    this.#db = handle.raw;
  }

  /** Whether any DNS data was imported at all. */
  hasData(): boolean {
    return this.#run(
      'read DNS data from',
      () => this.#db.prepare('SELECT 1 FROM dns_pairs LIMIT 1').get() !== undefined,
    );
  }

  clients(): AnalysisClient[] {
    return this.#run('read DNS clients from', () =>
      this.#db
        .prepare(
          `SELECT c.id, c.ip, c.name, c.first_ms AS firstMs, c.last_ms AS lastMs,
             coalesce(c.mac, (SELECT h.mac FROM dns_network_hosts h WHERE h.ip = c.ip ORDER BY h.last_ms DESC LIMIT 1)) AS mac
           FROM dns_clients c ORDER BY c.id`,
        )
        .all(),
    ) as AnalysisClient[];
  }

  /** Every network-table row (MAC ↔ IP ↔ name) with the location of the source that keeps it. */
  networkHosts(): AnalysisNetworkHost[] {
    return this.#run('read DNS network hosts from', () =>
      this.#db
        .prepare(
          `SELECT s.kind, s.location, h.mac, h.ip, h.name, h.vendor, h.first_ms AS firstMs, h.last_ms AS lastMs
           FROM dns_network_hosts h JOIN dns_sources s ON s.id = h.source_id ORDER BY h.source_id, h.mac, h.ip`,
        )
        .all(),
    ) as AnalysisNetworkHost[];
  }

  /** Every (client, domain) pair summed over sources. */
  pairs(): AnalysisPair[] {
    return this.#run('read DNS pairs from', () =>
      this.#db
        .prepare(
          `SELECT p.client_id AS clientId, d.name AS domain, p.queries, p.blocked, p.first_ms AS firstMs,
             p.last_ms AS lastMs, p.gap_hist_json AS histJson
           FROM dns_pairs p JOIN dns_domains d ON d.id = p.domain_id`,
        )
        .all(),
    ) as AnalysisPair[];
  }

  /** Queries per client and hour (bucket start), in time order. */
  hourlyByClient(fromMs: number): Array<{ clientId: number; bucketMs: number; queries: number }> {
    return this.#run('read DNS buckets from', () =>
      this.#db
        .prepare(
          `SELECT p.client_id AS clientId, b.bucket_ms AS bucketMs, sum(b.queries) AS queries
           FROM dns_buckets b JOIN dns_pairs p ON p.id = b.pair_id
           WHERE b.bucket_ms >= ? GROUP BY p.client_id, b.bucket_ms ORDER BY b.bucket_ms`,
        )
        .all(fromMs),
    ) as Array<{ clientId: number; bucketMs: number; queries: number }>;
  }

  /** Which device held which address when (from the scans). */
  addressHoldings(): AddressHolding[] {
    return this.#run('read address history from', () =>
      this.#db
        .prepare(
          'SELECT device_id AS deviceId, address, first_seen_ms AS firstSeenMs, last_seen_ms AS lastSeenMs FROM address_history',
        )
        .all(),
    ) as AddressHolding[];
  }

  #run<T>(action: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw translateSqliteError(error, this.#file, action);
    }
  }
}
