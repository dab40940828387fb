/**
 * Login throttling per source address: after the k-th failed login in a row, that address must wait 2^(k-1)
 * seconds (1, 2, 4 … capped at 15 minutes) before the next attempt is even checked. A success clears it. Kept in
 * memory: it guards a running process, and a bounded map means a flood of addresses cannot grow it without end.
 */
import type { Clock } from '../../util/clock.ts';

const BASE_MS = 1000;
const MAX_MS = 15 * 60_000;
const MAX_ADDRESSES = 10_000;

interface Failures {
  count: number;
  blockedUntilMs: number;
}

export class LoginThrottle {
  #clock: Clock;
  #failures = new Map<string, Failures>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Milliseconds this address must still wait; 0 when it may try now. */
  waitMs(address: string): number {
    const entry = this.#failures.get(address);
    return entry ? Math.max(0, entry.blockedUntilMs - this.#clock.now()) : 0;
  }

  /** Records a failure; returns how long the address must now wait. */
  fail(address: string): number {
    const count = (this.#failures.get(address)?.count ?? 0) + 1;
    const delayMs = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(count - 1, 30));
    this.#failures.delete(address); // re-inserted last: the map's order is least recently failed first
    this.#failures.set(address, { count, blockedUntilMs: this.#clock.now() + delayMs });
    if (this.#failures.size > MAX_ADDRESSES) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
    return delayMs;
  }

  succeed(address: string): void {
    this.#failures.delete(address);
  }
}
