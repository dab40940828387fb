import type { Clock } from '../../../util/clock.ts';

/** Which way a roller shutter or cover moves: towards 100 % (open) or 0 % (closed). */
export type Direction = 'open' | 'close';

/** Why a movement ended, in the words of the Gen1 API (`stop_reason`; Gen2 reports no reason). */
export type StopReason = 'normal' | 'obstacle' | 'overpower' | 'safety_switch';

export interface CoverMotionOptions {
  clock: Clock;
  /** Milliseconds for a full 0 → 100 % (`open`) or 100 → 0 % (`close`) travel: the device's `maxtime` settings. */
  fullTravelMs: (direction: Direction) => number;
  /** Called when a movement stops by itself (end position, target or duration reached), not on `stop()`. */
  onSettled: () => void;
  /** Start position in percent. */
  position: number;
}

interface Movement {
  direction: Direction;
  from: number;
  /** Where the movement ends by itself: 0, 100 or a `to_pos` target. */
  to: number;
  startedAtMs: number;
  durationMs: number;
  abort: AbortController;
}

const clampPercent = (value: number): number => Math.min(100, Math.max(0, value));

/**
 * The motion of one cover (Gen1 `/roller/N`, Gen2 `Cover.*`): the position runs linearly with time on the lab clock
 * and is read at any moment, so a client polling while it moves sees it travel, and a FakeClock test can stop it
 * halfway. Shelly Gen1 API docs, Shelly 2.5 `/roller/{index}`: `go=open|close|stop|to_pos`, `duration`, `offset`.
 */
export class CoverMotion {
  readonly #options: CoverMotionOptions;
  #position: number;
  #movement: Movement | undefined;
  #lastDirection: Direction | undefined;
  #stopReason: StopReason = 'normal';

  constructor(options: CoverMotionOptions) {
    this.#options = options;
    this.#position = clampPercent(options.position);
  }

  /** The position now, in whole percent. */
  position(): number {
    const moving = this.#movement;
    if (!moving) return Math.round(this.#position);
    const elapsed = this.#options.clock.now() - moving.startedAtMs;
    const share = moving.durationMs <= 0 ? 1 : Math.min(1, elapsed / moving.durationMs);
    return Math.round(moving.from + (moving.to - moving.from) * share);
  }

  /** The direction of a movement in progress. */
  moving(): Direction | undefined {
    return this.#movement?.direction;
  }

  /** Where the movement in progress ends. */
  target(): number | undefined {
    return this.#movement?.to;
  }

  /** When the movement in progress started (ms on the lab clock). */
  startedAtMs(): number | undefined {
    return this.#movement?.startedAtMs;
  }

  lastDirection(): Direction | undefined {
    return this.#lastDirection;
  }

  stopReason(): StopReason {
    return this.#stopReason;
  }

  /** Moves towards an end position, for `durationMs` at most (the whole travel when absent). */
  go(direction: Direction, durationMs?: number): void {
    const end = direction === 'open' ? 100 : 0;
    const full = this.#travelMs(direction, this.position(), end);
    const limit = durationMs !== undefined ? Math.min(durationMs, full) : full;
    const from = this.position();
    const to = full <= 0 ? end : from + (end - from) * (limit / full);
    this.#start(direction, from, to, limit);
  }

  /** Moves to `target` percent. Nothing moves when it is already there. */
  goTo(target: number): void {
    const from = this.position();
    const to = clampPercent(Math.round(target));
    if (to === from) {
      this.stop();
      return;
    }
    const direction: Direction = to > from ? 'open' : 'close';
    this.#start(direction, from, to, this.#travelMs(direction, from, to));
  }

  /** Stops where it is. */
  stop(): void {
    this.#halt('normal');
  }

  /** Cancels a movement's timer without moving on (the lab stops). */
  dispose(): void {
    this.#movement?.abort.abort();
    this.#movement = undefined;
  }

  #travelMs(direction: Direction, from: number, to: number): number {
    return (Math.abs(to - from) / 100) * Math.max(0, this.#options.fullTravelMs(direction));
  }

  #start(direction: Direction, from: number, to: number, durationMs: number): void {
    this.#halt('normal');
    const abort = new AbortController();
    const startedAtMs = this.#options.clock.now();
    this.#movement = { direction, from, to, startedAtMs, durationMs, abort };
    this.#lastDirection = direction;
    this.#options.clock.sleep(durationMs, abort.signal).then(
      () => {
        this.#halt('normal');
        this.#options.onSettled();
      },
      () => undefined,
    );
  }

  #halt(reason: StopReason): void {
    const moving = this.#movement;
    if (!moving) return;
    this.#position = this.position();
    moving.abort.abort();
    this.#movement = undefined;
    this.#stopReason = reason;
  }
}
