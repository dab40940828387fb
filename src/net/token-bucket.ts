import type { Clock } from '../util/clock.ts';

/**
 * A token bucket (RFC 2697 §2's committed-rate bucket, without colours): `ratePerSecond` tokens flow in,
 * at most `burst` are kept. The prober takes one token per connection attempt to a host, so a fragile device
 * (an ESP8266 handles a handful of sockets) sees a steady trickle instead of a thousand SYNs at once.
 */
export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, burst: number, clock: Clock) {
    this.#ratePerMs = ratePerSecond / 1000;
    this.#burst = Math.max(1, burst);
    this.#clock = clock;
    this.#tokens = this.#burst;
    this.#updatedAt = clock.now();
  }

  /** Takes a token and returns 0, or returns how many ms to wait until one is due (taking nothing). */
  take(): number {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) * this.#ratePerMs);
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.#ratePerMs));
  }
}
