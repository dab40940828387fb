import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../util/clock.ts';
import { bridgeTime } from './bridge-state.ts';

/** How long a press of the link button lets POST /api create a key (Hue API v1, "Configuration API", 7.1). */
export const LINK_BUTTON_WINDOW_MS = 30_000;

interface WhitelistEntry {
  name: string;
  created: string;
  lastUsedMs: number;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random key in the shape bridges hand out: 40 letters and digits. */
function newUsername(): string {
  return [...randomBytes(40)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/**
 * The bridge's whitelist: every application key it accepts, for v1 (`/api/<key>/…`) and CLIP v2
 * (`hue-application-key`) alike, and the link button that lets an app add one.
 */
export class HueWhitelist {
  readonly #entries = new Map<string, WhitelistEntry>();
  readonly #clock: Clock;
  readonly #held: boolean;
  #pressedAtMs: number | undefined;

  constructor(options: { clock: Clock; keys: Array<{ key: string; name: string; created: string }>; held: boolean }) {
    this.#clock = options.clock;
    this.#held = options.held;
    for (const { key, name, created } of options.keys) {
      this.#entries.set(key, { name, created, lastUsedMs: options.clock.now() });
    }
  }

  /** Whether `key` is whitelisted; a hit counts as its last use. */
  accepts(key: string | undefined): boolean {
    if (key === undefined) return false;
    const entry = this.#entries.get(key);
    if (!entry) return false;
    entry.lastUsedMs = this.#clock.now();
    return true;
  }

  /** The v1 `whitelist` object of the full config. */
  toV1(): Record<string, unknown> {
    return Object.fromEntries(
      [...this.#entries].map(([key, e]) => [
        key,
        { 'last use date': bridgeTime(e.lastUsedMs), 'create date': e.created, name: e.name },
      ]),
    );
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Someone pressed the round button on the bridge. */
  press(): void {
    this.#pressedAtMs = this.#clock.now();
  }

  /** v1 config `linkbutton`: true within 30 s of a press (or always, when the scenario holds it down). */
  get linkButton(): boolean {
    if (this.#held) return true;
    return this.#pressedAtMs !== undefined && this.#clock.now() - this.#pressedAtMs <= LINK_BUTTON_WINDOW_MS;
  }

  /**
   * Adds a key for `devicetype` (`<app>#<device>`) and, when asked, a 16-byte `clientkey` for the Entertainment
   * API (upper-case hex, as bridges answer it).
   */
  create(devicetype: string, withClientKey: boolean): { username: string; clientkey?: string } {
    const username = newUsername();
    this.#entries.set(username, {
      name: devicetype,
      created: bridgeTime(this.#clock.now()),
      lastUsedMs: this.#clock.now(),
    });
    return withClientKey ? { username, clientkey: randomBytes(16).toString('hex').toUpperCase() } : { username };
  }
}
