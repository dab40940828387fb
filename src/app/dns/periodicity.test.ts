import { describe, expect, it } from 'vitest';
import { formatInterval, IntervalHistogram } from './periodicity.ts';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('query periodicity', () => {
  it('finds a 1 s timer with 2 % jitter and calls it regular', () => {
    const random = seeded(7);
    const histogram = new IntervalHistogram();
    let t = 1_700_000_000_000;
    for (let i = 0; i < 3600; i++) {
      histogram.addTime(t);
      t += 1000 * (1 + (random() - 0.5) * 0.04);
    }
    const period = histogram.summary()!;
    expect(period.medianIntervalMs).toBeGreaterThanOrEqual(990);
    expect(period.medianIntervalMs).toBeLessThanOrEqual(1010);
    expect(period.spread).toBeLessThan(0.05);
    expect(period.regular).toBe(true);
    expect(period.intervals).toBe(3599);
  });

  it('calls people irregular (exponential gaps)', () => {
    const random = seeded(11);
    const histogram = new IntervalHistogram();
    let t = 0;
    for (let i = 0; i < 500; i++) {
      histogram.addTime(t);
      t += Math.round(-Math.log(1 - random()) * 120_000) + 300;
    }
    const period = histogram.summary()!;
    expect(period.regular).toBe(false);
    expect(period.spread).toBeGreaterThan(0.4);
  });

  it('treats A and AAAA sent together as one lookup', () => {
    const histogram = new IntervalHistogram();
    for (let i = 0; i < 30; i++) {
      histogram.addTime(i * 60_000);
      histogram.addTime(i * 60_000 + 3);
    }
    const period = histogram.summary()!;
    expect(period).toMatchObject({ intervals: 29, regular: true });
    // Bins are 1 % wide: the median is exact to half a bin.
    expect(Math.abs(period.medianIntervalMs - 60_000)).toBeLessThan(300);
  });

  it('needs enough intervals before it calls anything a timer', () => {
    const histogram = new IntervalHistogram();
    for (let i = 0; i < 5; i++) histogram.addTime(i * 1000);
    expect(histogram.summary()?.regular).toBe(false);
    expect(new IntervalHistogram().summary()).toBeUndefined();
  });

  it('reads the stored histogram format of dns_pairs.gap_hist_json', () => {
    const histogram = new IntervalHistogram();
    // bin 694 = round(ln(1000)/ln(1.01)).
    histogram.addStored(
      JSON.stringify([
        [694, 100],
        [925, 3],
      ]),
    );
    const period = histogram.summary()!;
    expect(period).toMatchObject({ intervals: 103, regular: true });
    expect(Math.abs(period.medianIntervalMs - 1000)).toBeLessThan(5);
  });

  it('says periods the way a report does', () => {
    expect(formatInterval(1000)).toBe('every 1.0 s');
    expect(formatInterval(60_000)).toBe('every 1.0 min');
    expect(formatInterval(6 * 3_600_000)).toBe('every 6.0 h');
  });
});
