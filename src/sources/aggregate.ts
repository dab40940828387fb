import { BURST_GAP_MS, DNS_BUCKET_MS, type DnsQuery, gapHistBin, QTYPE_BITS } from './types.ts';

/** Running counters of a pair or of one hour of a pair (see DnsCounters in types.ts). */
export interface Counters {
  queries: number;
  allowed: number;
  blocked: number;
  other: number;
  firstMs: number;
  lastMs: number;
  qtypeMask: number;
  gapCount: number;
  gapSumMs: number;
  gapSqSum: number;
  gapMinMs: number | null;
  gapMaxMs: number | null;
}

export interface BucketCounters extends Counters {
  bucketMs: number;
}

/** A (client, domain) pair of one source: totals over its whole history plus the hour currently being filled. */
export interface PairState {
  /** dns_pairs.id once stored. */
  id: number | undefined;
  client: string;
  domain: string;
  /** Totals over the pair's whole history, up to the last drain (buckets since then are merged in by `drain`). */
  total: Counters;
  /** Time of the pair's newest query so far: the start of the next interval. */
  lastMs: number;
  /** Interval histogram: bin (gapHistBin) → count. */
  hist: Map<number, number>;
  open: BucketCounters | undefined;
  dirty: boolean;
}

export interface ClientState {
  ip: string;
  name: string | undefined;
  firstMs: number;
  lastMs: number;
  dirty: boolean;
  pairs: Map<string, PairState>;
}

/** What one checkpoint writes. Bucket counters are deltas (merged into stored rows); pair counters are absolute. */
export interface AggregateDrain {
  clients: ClientState[];
  pairs: PairState[];
  buckets: Array<{ pair: PairState; counters: BucketCounters }>;
  queries: number;
  firstMs: number | undefined;
  lastMs: number | undefined;
}

export function emptyCounters(timeMs: number): Counters {
  return {
    queries: 0,
    allowed: 0,
    blocked: 0,
    other: 0,
    firstMs: timeMs,
    lastMs: timeMs,
    qtypeMask: 0,
    gapCount: 0,
    gapSumMs: 0,
    gapSqSum: 0,
    gapMinMs: null,
    gapMaxMs: null,
  };
}

const TYPE_BIT = new Map<string, number>(Object.entries(QTYPE_BITS).map(([name, bit]) => [name, 1 << bit]));
const OTHER_BIT = 1 << QTYPE_BITS.OTHER;

function count(c: Counters, query: DnsQuery, gapMs: number | undefined): void {
  if (c.queries === 0) {
    c.firstMs = query.timeMs;
    c.lastMs = query.timeMs;
  }
  c.queries += 1;
  if (query.status === 'allowed') c.allowed += 1;
  else if (query.status === 'blocked') c.blocked += 1;
  else c.other += 1;
  if (query.timeMs < c.firstMs) c.firstMs = query.timeMs;
  if (query.timeMs > c.lastMs) c.lastMs = query.timeMs;
  c.qtypeMask |= TYPE_BIT.get(query.type) ?? OTHER_BIT;
  if (gapMs === undefined) return;
  c.gapCount += 1;
  c.gapSumMs += gapMs;
  c.gapSqSum += gapMs * gapMs;
  if (c.gapMinMs === null || gapMs < c.gapMinMs) c.gapMinMs = gapMs;
  if (c.gapMaxMs === null || gapMs > c.gapMaxMs) c.gapMaxMs = gapMs;
}

/** Adds the counters of `delta` (one bucket's queries since the last drain) to `into`. */
export function mergeCounters(into: Counters, delta: Counters): void {
  if (delta.queries === 0) return;
  if (into.queries === 0) {
    into.firstMs = delta.firstMs;
    into.lastMs = delta.lastMs;
  }
  into.queries += delta.queries;
  into.allowed += delta.allowed;
  into.blocked += delta.blocked;
  into.other += delta.other;
  into.firstMs = Math.min(into.firstMs, delta.firstMs);
  into.lastMs = Math.max(into.lastMs, delta.lastMs);
  into.qtypeMask |= delta.qtypeMask;
  into.gapCount += delta.gapCount;
  into.gapSumMs += delta.gapSumMs;
  into.gapSqSum += delta.gapSqSum;
  if (delta.gapMinMs !== null && (into.gapMinMs === null || delta.gapMinMs < into.gapMinMs))
    into.gapMinMs = delta.gapMinMs;
  if (delta.gapMaxMs !== null && (into.gapMaxMs === null || delta.gapMaxMs > into.gapMaxMs))
    into.gapMaxMs = delta.gapMaxMs;
}

/**
 * Folds queries into per-pair totals and hourly buckets in one pass with memory proportional to the number of
 * pairs, not queries. Intervals are measured between consecutive queries of a pair, so queries must arrive in
 * ascending time per pair (a query older than the pair's last one is counted but adds no interval).
 */
export class DnsAggregator {
  readonly #clients: Map<string, ClientState>;
  #closed: Array<{ pair: PairState; counters: BucketCounters }> = [];
  #queries = 0;
  #firstMs: number | undefined;
  #lastMs: number | undefined;

  /** `clients` holds the pairs already stored for this source (their totals continue). */
  constructor(clients: Map<string, ClientState> = new Map()) {
    this.#clients = clients;
  }

  add(query: DnsQuery): void {
    let client = this.#clients.get(query.client);
    if (!client) {
      client = {
        ip: query.client,
        name: undefined,
        firstMs: query.timeMs,
        lastMs: query.timeMs,
        dirty: true,
        pairs: new Map(),
      };
      this.#clients.set(query.client, client);
    }
    if (query.timeMs < client.firstMs || query.timeMs > client.lastMs || (query.clientName && !client.name)) {
      client.firstMs = Math.min(client.firstMs, query.timeMs);
      client.lastMs = Math.max(client.lastMs, query.timeMs);
      if (query.clientName) client.name = query.clientName;
      client.dirty = true;
    }
    let pair = client.pairs.get(query.domain);
    let gapMs: number | undefined;
    if (!pair) {
      pair = {
        id: undefined,
        client: query.client,
        domain: query.domain,
        total: emptyCounters(query.timeMs),
        lastMs: query.timeMs,
        hist: new Map(),
        open: undefined,
        dirty: true,
      };
      client.pairs.set(query.domain, pair);
    } else {
      const gap = query.timeMs - pair.lastMs;
      if (gap >= BURST_GAP_MS) {
        gapMs = gap;
        const bin = gapHistBin(gap);
        pair.hist.set(bin, (pair.hist.get(bin) ?? 0) + 1);
      }
    }
    const bucketMs = query.timeMs - (query.timeMs % DNS_BUCKET_MS);
    if (pair.open?.bucketMs !== bucketMs) {
      if (pair.open && pair.open.queries > 0) this.#closed.push({ pair, counters: pair.open });
      pair.open = { ...emptyCounters(query.timeMs), bucketMs };
    }
    // Only the hour is counted per query; the pair's totals take the hour's counters at the next drain.
    count(pair.open, query, gapMs);
    if (query.timeMs > pair.lastMs) pair.lastMs = query.timeMs;
    pair.dirty = true;
    this.#queries += 1;
    if (this.#firstMs === undefined || query.timeMs < this.#firstMs) this.#firstMs = query.timeMs;
    if (this.#lastMs === undefined || query.timeMs > this.#lastMs) this.#lastMs = query.timeMs;
  }

  /** Everything changed since the last drain. Open buckets are handed over and restarted empty. */
  drain(): AggregateDrain {
    const clients: ClientState[] = [];
    const pairs: PairState[] = [];
    const buckets = this.#closed;
    for (const { pair, counters } of buckets) mergeCounters(pair.total, counters);
    for (const client of this.#clients.values()) {
      if (client.dirty) clients.push(client);
      client.dirty = false;
      for (const pair of client.pairs.values()) {
        if (!pair.dirty) continue;
        pair.dirty = false;
        pairs.push(pair);
        if (pair.open && pair.open.queries > 0) {
          mergeCounters(pair.total, pair.open);
          buckets.push({ pair, counters: pair.open });
          pair.open = { ...emptyCounters(pair.open.lastMs), bucketMs: pair.open.bucketMs };
        }
      }
    }
    const drained = { clients, pairs, buckets, queries: this.#queries, firstMs: this.#firstMs, lastMs: this.#lastMs };
    this.#closed = [];
    this.#queries = 0;
    this.#firstMs = undefined;
    this.#lastMs = undefined;
    return drained;
  }
}
