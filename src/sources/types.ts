/**
 * The DNS data model shared by the sources (src/sources), the store (src/store/dns-*.ts, migration 003) and the
 * analysis (src/app/dns). Keep it stable: the analysis reads the tables described here.
 *
 * Storage is aggregated, not one row per query: 10 million queries must import and analyse within 2× of a bare
 * `sqlite3` GROUP BY and under 300 MB RSS, which one-row-per-query storage cannot meet. What is kept:
 * - `dns_pairs`: one row per (source, client, domain) with totals, first/last seen, status counts, the
 *   query types seen and interval statistics over the whole history (mean/variance plus a 1 % log histogram
 *   for the median and spread);
 * - `dns_buckets`: the same counters per pair and hour (`DNS_BUCKET_MS`), for charts, rate baselines, new-domain
 *   detection and per-window periodicity;
 * - `dns_clients` (one per client IP; `device_id` is set by the analysis when it maps the client to an inventory
 *   device), `dns_domains`, `dns_sources` (with the import cursor) and `dns_network_hosts` (MAC ↔ IP ↔ name).
 */

/** Width of one `dns_buckets` row: one hour, in ms. Bucket start = floor(time / DNS_BUCKET_MS) * DNS_BUCKET_MS. */
export const DNS_BUCKET_MS = 3_600_000;

/**
 * Queries of one pair closer together than this are one burst (A and AAAA sent together, a retry within
 * milliseconds), not a new period: they count as queries but add no interval. Periods of 1 s stay visible.
 */
export const BURST_GAP_MS = 250;

/**
 * Interval histogram of `dns_pairs.gap_hist_json`: logarithmic bins 1 % wide, the same bins as
 * src/app/dns/periodicity.ts (IntervalHistogram): an interval of g ms falls in bin round(ln(g) / ln(GAP_HIST_RATIO)),
 * whose value is GAP_HIST_RATIO ** bin. Stored as a JSON array of [bin, count] pairs sorted by bin (sparse: a timer
 * fills a handful of bins, a person a few hundred).
 */
export const GAP_HIST_RATIO = 1.01;

/** The histogram bin of an interval (see GAP_HIST_RATIO). */
export function gapHistBin(intervalMs: number): number {
  return Math.round(Math.log(intervalMs) / Math.log(GAP_HIST_RATIO));
}

/** What the resolver did with a query, reduced to what the analysis needs. */
export const DNS_STATUSES = ['allowed', 'blocked', 'other'] as const;
export type DnsStatus = (typeof DNS_STATUSES)[number];

/** Query types tracked as bits of `qtype_mask`; anything else sets the OTHER bit. */
export const QTYPE_BITS = {
  A: 0,
  AAAA: 1,
  ANY: 2,
  SRV: 3,
  SOA: 4,
  PTR: 5,
  TXT: 6,
  NAPTR: 7,
  MX: 8,
  DS: 9,
  RRSIG: 10,
  DNSKEY: 11,
  NS: 12,
  SVCB: 13,
  HTTPS: 14,
  OTHER: 15,
} as const;
export type QtypeName = keyof typeof QTYPE_BITS;

/** Where queries come from. */
export const DNS_SOURCE_KINDS = ['pihole-db', 'pihole-api', 'adguard-api', 'adguard-log', 'dnsmasq-log'] as const;
export type DnsSourceKind = (typeof DNS_SOURCE_KINDS)[number];

/** One query as every source reports it, before aggregation. */
export interface DnsQuery {
  /** Unix ms. */
  timeMs: number;
  /** Client IP address as the resolver saw it. */
  client: string;
  /** Lower-case, without the trailing dot. */
  domain: string;
  /** Query type name (`A`, `AAAA`, `HTTPS`, … or `TYPE65`). */
  type: string;
  status: DnsStatus;
  /** Host name the resolver knows for the client, when it reports one. */
  clientName?: string;
}

/**
 * One address a DNS name resolved to, as a resolver's log shows it (dnsmasq `reply x is 1.2.3.4`, AdGuard answers).
 * `domain` is the name the client asked for: behind a CNAME chain it is the chain's head, with the final name's
 * answer recorded under both.
 */
export interface DnsAnswer {
  domain: string;
  address: string;
  /** The client that asked, when the source knows it; '' otherwise. */
  client: string;
  timeMs: number;
}

/** One MAC ↔ IP ↔ name row (Pi-hole's `network` + `network_addresses`), for the inventory's identity merge. */
export interface DnsNetworkHost {
  /** Upper-case colon form. */
  mac: string;
  ip: string;
  name?: string;
  vendor?: string;
  firstSeenMs?: number;
  lastSeenMs: number;
}

/** Where a source is and how to reach it; `key` (kind + location) identifies its cursor. */
export interface DnsSourceRef {
  kind: DnsSourceKind;
  /** File path or base URL. */
  location: string;
}

/** What one import did. */
export interface DnsImportResult {
  source: DnsSourceRef;
  /** Queries newly counted by this run (0 when nothing changed since the last import). */
  imported: number;
  /** Queries the source returned that were already counted (at or before the cursor). */
  skipped: number;
  networkHosts: number;
  /** Time range of the newly counted queries (Unix ms), when any. */
  firstMs?: number;
  lastMs?: number;
  /** Human sentences about what could not be read (e.g. "older history beyond 500000 entries was not imported"). */
  limitations: string[];
}

// Row shapes of the tables created by src/store/migrations/003-dns.ts. Times are Unix ms; counts are integers.

export interface DnsSourceRow {
  id: number;
  /** `${kind}:${location}`. */
  key: string;
  kind: DnsSourceKind;
  location: string;
  /** The source's own cursor (see the source files); opaque to everyone else. */
  cursor_json: string;
  imported_queries: number;
  first_import_ms: number | null;
  last_import_ms: number | null;
  last_error_code: string | null;
  last_error: string | null;
}

export interface DnsClientRow {
  id: number;
  ip: string;
  name: string | null;
  /** From a network table of some source, upper-case colon form. */
  mac: string | null;
  /** Inventory device, set by the analysis (MAC first, then IP with its history). */
  device_id: string | null;
  first_ms: number;
  last_ms: number;
}

export interface DnsDomainRow {
  id: number;
  name: string;
}

/** Counters shared by pairs and buckets. Interval statistics cover gaps ≥ BURST_GAP_MS between consecutive queries. */
export interface DnsCounters {
  queries: number;
  allowed: number;
  blocked: number;
  other: number;
  first_ms: number;
  last_ms: number;
  /** Bit set of QTYPE_BITS. */
  qtype_mask: number;
  /** Number of intervals; an interval belongs to the bucket of its later query. */
  gap_count: number;
  gap_sum_ms: number;
  /** Sum of squared intervals (ms²), for the variance: sq/n − (sum/n)². */
  gap_sq_sum: number;
  gap_min_ms: number | null;
  gap_max_ms: number | null;
}

export interface DnsPairRow extends DnsCounters {
  id: number;
  source_id: number;
  client_id: number;
  domain_id: number;
  /** JSON array of [bin, count] pairs, bins as gapHistBin(); every interval of the pair's whole history. */
  gap_hist_json: string;
}

export interface DnsBucketRow extends DnsCounters {
  pair_id: number;
  /** Start of the hour. */
  bucket_ms: number;
}

export interface DnsNetworkHostRow {
  source_id: number;
  mac: string;
  ip: string;
  name: string | null;
  vendor: string | null;
  first_ms: number | null;
  last_ms: number;
}
