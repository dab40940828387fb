import type { Clock } from '../../../util/clock.ts';

/**
 * One-shot flip-back timers of relay, switch and light channels: Gen1 `/relay/N?timer=`, `auto_on`/`auto_off`,
 * Gen2 `Switch.Set {toggle_after}`. They run on the lab clock, so a FakeClock test moves them; starting a new timer
 * on a channel replaces the old one (the device keeps one per channel).
 */
export class FlipTimers {
  readonly #clock: Clock;
  readonly #timers = new Map<string, { abort: AbortController; startedAtMs: number; durationMs: number }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Arms `channel` to run `flip` after `durationMs`. */
  arm(channel: string, durationMs: number, flip: () => void): void {
    this.cancel(channel);
    const abort = new AbortController();
    this.#timers.set(channel, { abort, startedAtMs: this.#clock.now(), durationMs });
    this.#clock.sleep(durationMs, abort.signal).then(
      () => {
        this.#timers.delete(channel);
        flip();
      },
      () => undefined,
    );
  }

  cancel(channel: string): void {
    this.#timers.get(channel)?.abort.abort();
    this.#timers.delete(channel);
  }

  /** The armed timer of a channel: when it started (ms) and how long it runs. */
  armed(channel: string): { startedAtMs: number; durationMs: number } | undefined {
    const timer = this.#timers.get(channel);
    return timer ? { startedAtMs: timer.startedAtMs, durationMs: timer.durationMs } : undefined;
  }

  /** Whole seconds left on a channel's timer, 0 without one. */
  remainingS(channel: string): number {
    const timer = this.#timers.get(channel);
    if (!timer) return 0;
    return Math.max(0, Math.ceil((timer.startedAtMs + timer.durationMs - this.#clock.now()) / 1000));
  }

  /** Cancels every timer (the lab stops, or the device reboots). */
  clear(): void {
    for (const channel of [...this.#timers.keys()]) this.cancel(channel);
  }
}
