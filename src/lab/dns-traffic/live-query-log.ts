import type { Clock } from '../../util/clock.ts';
import { generateQueries } from './generate-queries.ts';
import type { GeneratedQuery, TrafficClient } from './traffic-model.ts';

/** A generated query with the id a sinkhole gives it (1, 2, 3 … in arrival order, as FTL's database ids). */
export interface LoggedQuery extends GeneratedQuery {
  id: number;
}

/**
 * The query log of a lab sinkhole: history from `startMs`, then live traffic that appears as the clock moves on
 * (with FakeClock, as a test advances it). Queries are generated lazily and kept, so every read sees the same log.
 */
export class LiveQueryLog {
  readonly #clock: Clock;
  readonly #source: Generator<GeneratedQuery>;
  readonly #log: LoggedQuery[] = [];
  #next: GeneratedQuery | undefined;

  constructor(clients: readonly TrafficClient[], options: { seed: number; startMs: number }, clock: Clock) {
    this.#clock = clock;
    this.#source = generateQueries(clients, {
      startMs: options.startMs,
      endMs: Number.POSITIVE_INFINITY,
      seed: options.seed,
    });
    this.#next = this.#pull();
  }

  /** Every query logged up to now, oldest first (ids ascending). */
  entries(): readonly LoggedQuery[] {
    const now = this.#clock.now();
    while (this.#next && this.#next.timeMs <= now) {
      this.#log.push({ ...this.#next, id: this.#log.length + 1 });
      this.#next = this.#pull();
    }
    return this.#log;
  }

  #pull(): GeneratedQuery | undefined {
    const result = this.#source.next();
    return result.done ? undefined : result.value;
  }
}
