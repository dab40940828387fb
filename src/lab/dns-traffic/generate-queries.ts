import { SeededRandom } from './prng.ts';
import type { GeneratedQuery, TrafficClient, TrafficStream, TrafficWindow } from './traffic-model.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Tick {
  timeMs: number;
  seq: number;
  /** A stream's next lookup, or a query already decided (the AAAA following an A). */
  stream?: { client: TrafficClient; spec: TrafficStream; meanMs: number };
  query?: GeneratedQuery;
}

/** A binary min-heap on (time, seq): seq breaks ties so the order never depends on the heap's internals. */
class TickHeap {
  readonly #items: Tick[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(tick: Tick): void {
    const items = this.#items;
    items.push(tick);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Tick | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Tick, b: Tick): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}

/** The next lookup time of a stream after `fromMs`. */
function nextTime(spec: TrafficStream, meanMs: number, fromMs: number, random: SeededRandom): number {
  if (spec.pattern === 'timer') {
    const jitter = spec.jitter ?? 0.05;
    return fromMs + meanMs * (1 + jitter * (2 * random.next() - 1));
  }
  let t = fromMs + random.exponential(meanMs);
  const [from, to] = spec.activeHours ?? [0, 24];
  const hour = Math.floor((t % DAY_MS) / HOUR_MS);
  if (hour < from || hour >= to) {
    // Asleep: resume at the start of the next active window, then wait a fresh gap.
    const dayStart = t - (t % DAY_MS);
    const windowStart = dayStart + from * HOUR_MS;
    t = (hour < from ? windowStart : windowStart + DAY_MS) + random.exponential(meanMs);
  }
  return t;
}

/**
 * Lazily merges the streams of every client into one time-ordered list of queries. Deterministic: the same
 * clients and window always give the same queries, whatever the caller does with them.
 */
export function* generateQueries(clients: readonly TrafficClient[], window: TrafficWindow): Generator<GeneratedQuery> {
  const random = new SeededRandom(window.seed);
  const heap = new TickHeap();
  let seq = 0;
  const scale = window.rateScale ?? 1;
  for (const client of clients) {
    for (const spec of client.streams) {
      const meanMs = spec.fixedRate ? spec.periodMs : spec.periodMs / scale;
      // Phase: timers start anywhere within their first period, as devices boot at random times.
      const first = window.startMs + random.next() * meanMs;
      heap.push({ timeMs: first, seq: seq++, stream: { client, spec, meanMs } });
    }
  }
  let emitted = 0;
  const limit = window.limit ?? Number.POSITIVE_INFINITY;
  while (heap.size > 0 && emitted < limit) {
    const tick = heap.pop()!;
    if (tick.timeMs >= window.endMs) break;
    if (tick.query) {
      emitted += 1;
      yield tick.query;
      continue;
    }
    const { client, spec, meanMs } = tick.stream!;
    const timeMs = Math.floor(tick.timeMs);
    const status = spec.status ?? (random.next() < 0.3 ? 'CACHE' : 'FORWARDED');
    const types = spec.types ?? ['A'];
    types.forEach((type, index) => {
      const query: GeneratedQuery = {
        timeMs: timeMs + index * (1 + random.below(15)),
        client: client.address,
        clientName: client.name,
        domain: spec.domain,
        type,
        status,
        replyMs: status === 'FORWARDED' ? 5 + random.next() * 40 : random.next(),
      };
      heap.push({ timeMs: query.timeMs, seq: seq++, query });
    });
    heap.push({ timeMs: nextTime(spec, meanMs, tick.timeMs, random), seq: seq++, stream: tick.stream! });
  }
}

/** Expected lookups of a stream in a window (what rate scaling is computed from). */
export function expectedQueries(spec: TrafficStream, durationMs: number): number {
  const [from, to] = spec.pattern === 'human' ? (spec.activeHours ?? [0, 24]) : [0, 24];
  return (durationMs * ((to - from) / 24) * (spec.types?.length ?? 1)) / spec.periodMs;
}
