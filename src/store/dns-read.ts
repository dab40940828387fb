import type BetterSqlite3 from 'better-sqlite3';
import type { DnsBucketRow, DnsClientRow, DnsNetworkHostRow, DnsPairRow } from '../sources/types.ts';

/** A pair with its client address and domain name resolved. */
export interface DnsPairView extends DnsPairRow {
  ip: string;
  domain: string;
}

export interface DnsClientCount {
  ip: string;
  queries: number;
  allowed: number;
  blocked: number;
  other: number;
  domains: number;
}

/** Read-side queries over the dns_* tables. Large results are iterated, never loaded whole. */
export class DnsReader {
  readonly #db: BetterSqlite3.Database;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  /** Totals over every source: queries counted, pairs and hourly buckets stored. */
  totals(): { queries: number; pairs: number; buckets: number; clients: number; domains: number } {
    return this.#db
      .prepare(
        `SELECT (SELECT coalesce(sum(queries), 0) FROM dns_pairs) AS queries, (SELECT count(*) FROM dns_pairs) AS pairs,
           (SELECT count(*) FROM dns_buckets) AS buckets, (SELECT count(*) FROM dns_clients) AS clients,
           (SELECT count(*) FROM dns_domains) AS domains`,
      )
      .get() as { queries: number; pairs: number; buckets: number; clients: number; domains: number };
  }

  /** Queries per client address, optionally for one source, busiest first. */
  clientCounts(sourceId?: number): DnsClientCount[] {
    return this.#db
      .prepare(
        `SELECT c.ip, sum(p.queries) AS queries, sum(p.allowed) AS allowed, sum(p.blocked) AS blocked,
           sum(p.other) AS other, count(*) AS domains
         FROM dns_pairs p JOIN dns_clients c ON c.id = p.client_id
         WHERE @source IS NULL OR p.source_id = @source GROUP BY c.ip ORDER BY queries DESC, c.ip`,
      )
      .all({ source: sourceId ?? null }) as DnsClientCount[];
  }

  /** Pairs with names, optionally of one client address, most queried first. */
  pairs(filter: { ip?: string; sourceId?: number } = {}): IterableIterator<DnsPairView> {
    return this.#db
      .prepare(
        `SELECT p.*, c.ip, d.name AS domain FROM dns_pairs p JOIN dns_clients c ON c.id = p.client_id
         JOIN dns_domains d ON d.id = p.domain_id
         WHERE (@ip IS NULL OR c.ip = @ip) AND (@source IS NULL OR p.source_id = @source) ORDER BY p.queries DESC, p.id`,
      )
      .iterate({ ip: filter.ip ?? null, source: filter.sourceId ?? null }) as IterableIterator<DnsPairView>;
  }

  /** The hourly buckets of one pair, oldest first. */
  buckets(pairId: number): DnsBucketRow[] {
    return this.#db
      .prepare('SELECT * FROM dns_buckets WHERE pair_id = ? ORDER BY bucket_ms')
      .all(pairId) as DnsBucketRow[];
  }

  clients(): DnsClientRow[] {
    return this.#db.prepare('SELECT * FROM dns_clients ORDER BY ip').all() as DnsClientRow[];
  }

  networkHosts(sourceId?: number): DnsNetworkHostRow[] {
    return this.#db
      .prepare('SELECT * FROM dns_network_hosts WHERE @source IS NULL OR source_id = @source ORDER BY ip, mac')
      .all({ source: sourceId ?? null }) as DnsNetworkHostRow[];
  }
}
