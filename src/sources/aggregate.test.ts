import { describe, expect, it } from 'vitest';
import { DnsAggregator } from './aggregate.ts';
import { DNS_BUCKET_MS, type DnsQuery, gapHistBin, QTYPE_BITS } from './types.ts';

const T = Date.UTC(2026, 0, 1);
const q = (timeMs: number, extra: Partial<DnsQuery> = {}): DnsQuery => ({
  timeMs,
  client: '10.0.0.2',
  domain: 'a.example',
  type: 'A',
  status: 'allowed',
  ...extra,
});

describe('DnsAggregator', () => {
  it('counts per pair and hour, with intervals between consecutive queries but not within a burst', () => {
    const agg = new DnsAggregator();
    agg.add(q(T));
    agg.add(q(T + 5, { type: 'AAAA' })); // same lookup: a burst, no interval
    agg.add(q(T + 1000, { status: 'blocked' }));
    agg.add(q(T + DNS_BUCKET_MS + 1000, { status: 'other' }));
    const drained = agg.drain();
    expect(drained.queries).toBe(4);
    const [pair] = drained.pairs;
    expect(pair?.total).toMatchObject({ queries: 4, allowed: 2, blocked: 1, other: 1, gapCount: 2, gapMinMs: 995 });
    expect(pair?.total.qtypeMask).toBe((1 << QTYPE_BITS.A) | (1 << QTYPE_BITS.AAAA));
    expect(drained.buckets.map((b) => [b.counters.bucketMs, b.counters.queries, b.counters.gapCount])).toEqual([
      [T, 3, 1],
      [T + DNS_BUCKET_MS, 1, 1],
    ]);
    expect([...(pair?.hist.keys() ?? [])].sort()).toEqual([gapHistBin(995), gapHistBin(DNS_BUCKET_MS)].sort());
  });

  it('hands over only what changed, and restarts an open hour empty after a drain', () => {
    const agg = new DnsAggregator();
    agg.add(q(T));
    agg.add(q(T, { client: '10.0.0.3' }));
    agg.drain();
    agg.add(q(T + 2000));
    const drained = agg.drain();
    expect(drained.pairs.map((p) => p.client)).toEqual(['10.0.0.2']);
    expect(drained.buckets[0]?.counters).toMatchObject({ queries: 1, firstMs: T + 2000, gapCount: 1, gapSumMs: 2000 });
    expect(drained.pairs[0]?.total).toMatchObject({ queries: 2, firstMs: T, lastMs: T + 2000 });
  });
});
