/**
 * How regularly a device asks for a name, computed in one pass with constant memory: intervals go into a
 * histogram of ~1 % wide logarithmic bins, so a month of once-a-second queries (2.6 million intervals) costs a
 * few hundred bins. The median and the median absolute deviation (MAD) are read from the histogram; MAD/median is
 * the spread: a timer gives ~0, people give ~1 or more.
 */
import type { QueryPeriod } from '../../checks/privacy-facts.ts';
import { BURST_GAP_MS, GAP_HIST_RATIO, gapHistBin } from '../../sources/types.ts';

/** Relative bin width (shared with the store's `gap_hist_json`): medians are exact to within half of this. */
const BIN_RATIO = GAP_HIST_RATIO;
/** Fewer intervals than this cannot show a timer. */
export const MIN_REGULAR_INTERVALS = 20;
/** MAD/median at or below which the queries count as coming from a timer. */
export const MAX_REGULAR_SPREAD = 0.2;

/** Collects the timestamps of one device+domain pair, in ascending order, and summarises the intervals. */
export class IntervalHistogram {
  #bins = new Map<number, number>();
  #count = 0;
  #lastMs: number | undefined;

  /**
   * Adds one query time (ascending). Queries closer than BURST_GAP_MS to the previous one (an A and an AAAA query
   * sent together) belong to its burst and add no interval, exactly as the importer counts them.
   */
  addTime(timeMs: number): void {
    if (this.#lastMs !== undefined && timeMs - this.#lastMs < BURST_GAP_MS) {
      this.#lastMs = Math.max(this.#lastMs, timeMs);
      return;
    }
    if (this.#lastMs !== undefined) this.addInterval(timeMs - this.#lastMs);
    this.#lastMs = timeMs;
  }

  /** Adds one interval directly. */
  addInterval(intervalMs: number, times = 1): void {
    if (!(intervalMs > 0)) return;
    this.addBin(gapHistBin(intervalMs), times);
  }

  /** Adds `times` intervals of one histogram bin, as stored in `dns_pairs.gap_hist_json`. */
  addBin(bin: number, times: number): void {
    if (!Number.isFinite(bin) || !(times > 0)) return;
    this.#bins.set(bin, (this.#bins.get(bin) ?? 0) + times);
    this.#count += times;
  }

  /** Merges a stored `gap_hist_json` (`[[bin, count], …]`). */
  addStored(json: string): void {
    for (const [bin, times] of JSON.parse(json) as Array<[number, number]>) this.addBin(bin, times);
  }

  get intervals(): number {
    return this.#count;
  }

  /** The period, or undefined without at least two events. */
  summary(): QueryPeriod | undefined {
    if (this.#count === 0) return undefined;
    const entries = [...this.#bins.entries()].map(([bin, n]) => ({ value: BIN_RATIO ** bin, n }));
    const median = weightedMedian(entries);
    const deviations = entries.map((entry) => ({ value: Math.abs(entry.value - median), n: entry.n }));
    const spread = median > 0 ? weightedMedian(deviations) / median : 0;
    return {
      medianIntervalMs: Math.round(median),
      spread: Math.round(spread * 1000) / 1000,
      regular: this.#count >= MIN_REGULAR_INTERVALS && spread <= MAX_REGULAR_SPREAD,
      intervals: this.#count,
    };
  }
}

function weightedMedian(entries: Array<{ value: number; n: number }>): number {
  entries.sort((a, b) => a.value - b.value);
  const total = entries.reduce((sum, entry) => sum + entry.n, 0);
  let seen = 0;
  for (const entry of entries) {
    seen += entry.n;
    if (seen * 2 >= total) return entry.value;
  }
  return entries.at(-1)?.value ?? 0;
}

/** "every 1.0 s", "every 5 min", "every 2.5 h": how a report says a period. */
export function formatInterval(intervalMs: number): string {
  const seconds = intervalMs / 1000;
  if (seconds < 60) return `every ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `every ${minutes < 10 ? minutes.toFixed(1) : Math.round(minutes)} min`;
  const hours = minutes / 60;
  return `every ${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
}
