import { BURST_GAP_MS, DNS_BUCKET_MS, type DnsQuery, type DnsStatus, gapHistBin, QTYPE_BITS } from './types.ts';

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

/** A client address as the store keeps it: first and last query over every pair, and a name when a source gave one. */
export interface ClientState {
  ip: string;
  name: string | undefined;
  firstMs: number;
  lastMs: number;
  dirty: boolean;
}

/** The key of a pair: client and domain joined by one space (an address never holds a space). */
export function pairKey(client: string, domain: string): string {
  return `${client} ${domain}`;
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

function count(c: Counters, timeMs: number, type: string, status: DnsStatus, gapMs: number | undefined): void {
  if (c.queries === 0) {
    c.firstMs = timeMs;
    c.lastMs = timeMs;
  }
  c.queries += 1;
  if (status === 'allowed') c.allowed += 1;
  else if (status === 'blocked') c.blocked += 1;
  else c.other += 1;
  if (timeMs < c.firstMs) c.firstMs = timeMs;
  if (timeMs > c.lastMs) c.lastMs = timeMs;
  c.qtypeMask |= TYPE_BIT.get(type) ?? OTHER_BIT;
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
  readonly #pairs = new Map<string, PairState>();
  readonly #clients = new Map<string, ClientState>();
  #closed: Array<{ pair: PairState; counters: BucketCounters }> = [];
  #queries = 0;
  #firstMs = Number.POSITIVE_INFINITY;
  #lastMs = Number.NEGATIVE_INFINITY;

  /** `stored` are the pairs already stored for this source: their totals and intervals continue. */
  constructor(stored: Iterable<PairState> = []) {
    for (const pair of stored) {
      this.#pairs.set(pairKey(pair.client, pair.domain), pair);
      const client = this.#clients.get(pair.client);
      if (!client) {
        const { firstMs, lastMs } = pair.total;
        this.#clients.set(pair.client, { ip: pair.client, name: undefined, firstMs, lastMs, dirty: false });
      } else {
        client.firstMs = Math.min(client.firstMs, pair.total.firstMs);
        client.lastMs = Math.max(client.lastMs, pair.total.lastMs);
      }
    }
  }

  add(query: DnsQuery): void {
    if (query.clientName) {
      const client = this.#client(query.client, query.timeMs);
      if (client.name !== query.clientName) {
        client.name = query.clientName;
        client.dirty = true;
      }
    }
    this.addKeyed(query.timeMs, pairKey(query.client, query.domain), query.type, query.status);
  }

  /** `add` for bulk sources that already have the pair key (pairKey), without building a query object per row. */
  addKeyed(timeMs: number, key: string, type: string, status: DnsStatus): void {
    let pair = this.#pairs.get(key);
    let gapMs: number | undefined;
    if (!pair) {
      pair = this.#newPair(key, timeMs);
    } else {
      const gap = timeMs - pair.lastMs;
      if (gap >= BURST_GAP_MS) {
        gapMs = gap;
        const bin = gapHistBin(gap);
        pair.hist.set(bin, (pair.hist.get(bin) ?? 0) + 1);
      }
    }
    const bucketMs = timeMs - (timeMs % DNS_BUCKET_MS);
    let open = pair.open;
    if (open?.bucketMs !== bucketMs) {
      if (open && open.queries > 0) this.#closed.push({ pair, counters: open });
      open = { ...emptyCounters(timeMs), bucketMs };
      pair.open = open;
    }
    // Only the hour is counted per query; the pair's totals take the hour's counters at the next drain.
    count(open, timeMs, type, status, gapMs);
    if (timeMs > pair.lastMs) pair.lastMs = timeMs;
    pair.dirty = true;
    this.#queries += 1;
    if (timeMs < this.#firstMs) this.#firstMs = timeMs;
    if (timeMs > this.#lastMs) this.#lastMs = timeMs;
  }

  /** Everything changed since the last drain. Open buckets are handed over and restarted empty. */
  drain(): AggregateDrain {
    const pairs: PairState[] = [];
    const buckets = this.#closed;
    for (const { pair, counters } of buckets) mergeCounters(pair.total, counters);
    for (const pair of this.#pairs.values()) {
      if (!pair.dirty) continue;
      pair.dirty = false;
      pairs.push(pair);
      if (pair.open && pair.open.queries > 0) {
        mergeCounters(pair.total, pair.open);
        buckets.push({ pair, counters: pair.open });
        pair.open = { ...emptyCounters(pair.open.lastMs), bucketMs: pair.open.bucketMs };
      }
      const client = this.#client(pair.client, pair.total.firstMs);
      if (pair.total.firstMs < client.firstMs || pair.total.lastMs > client.lastMs) {
        client.firstMs = Math.min(client.firstMs, pair.total.firstMs);
        client.lastMs = Math.max(client.lastMs, pair.total.lastMs);
        client.dirty = true;
      }
    }
    const clients = [...this.#clients.values()].filter((client) => client.dirty);
    for (const client of clients) client.dirty = false;
    const hasQueries = this.#queries > 0;
    const drained = {
      clients,
      pairs,
      buckets,
      queries: this.#queries,
      firstMs: hasQueries ? this.#firstMs : undefined,
      lastMs: hasQueries ? this.#lastMs : undefined,
    };
    this.#closed = [];
    this.#queries = 0;
    this.#firstMs = Number.POSITIVE_INFINITY;
    this.#lastMs = Number.NEGATIVE_INFINITY;
    return drained;
  }

  #newPair(key: string, timeMs: number): PairState {
    const space = key.indexOf(' ');
    const client = key.slice(0, space);
    const pair: PairState = {
      id: undefined,
      client,
      domain: key.slice(space + 1),
      total: emptyCounters(timeMs),
      lastMs: timeMs,
      hist: new Map(),
      open: undefined,
      dirty: true,
    };
    this.#pairs.set(key, pair);
    this.#client(client, timeMs);
    return pair;
  }

  #client(ip: string, timeMs: number): ClientState {
    let client = this.#clients.get(ip);
    if (!client) {
      client = { ip, name: undefined, firstMs: timeMs, lastMs: timeMs, dirty: true };
      this.#clients.set(ip, client);
    }
    return client;
  }
}
