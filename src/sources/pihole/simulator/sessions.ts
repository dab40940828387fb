import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../util/clock.ts';

/** FTL's default session lifetime (webserver.session.timeout): 1800 s, renewed by every authenticated request. */
export const SESSION_VALIDITY_S = 1800;

interface Session {
  sid: string;
  csrf: string;
  validUntilMs: number;
}

/** The API sessions of a simulated Pi-hole: a fixed number of seats, expiring on the lab clock. */
export class PiholeSessions {
  readonly #clock: Clock;
  readonly #max: number;
  readonly #sessions = new Map<string, Session>();

  constructor(clock: Clock, max: number) {
    this.#clock = clock;
    this.#max = max;
  }

  /** A new session, or undefined when every seat is taken. */
  open(): Session | undefined {
    this.#expire();
    if (this.#sessions.size >= this.#max) return undefined;
    // FTL's SIDs are 16 random bytes in base64.
    const session = {
      sid: randomBytes(16).toString('base64'),
      csrf: randomBytes(16).toString('base64'),
      validUntilMs: this.#clock.now() + SESSION_VALIDITY_S * 1000,
    };
    this.#sessions.set(session.sid, session);
    return session;
  }

  /** The live session of this SID, renewed; undefined when unknown or expired. */
  touch(sid: string | undefined): Session | undefined {
    this.#expire();
    const session = sid === undefined ? undefined : this.#sessions.get(sid);
    if (session) session.validUntilMs = this.#clock.now() + SESSION_VALIDITY_S * 1000;
    return session;
  }

  close(sid: string): boolean {
    return this.#sessions.delete(sid);
  }

  /** Open sessions (tests check that importers log out). */
  get count(): number {
    this.#expire();
    return this.#sessions.size;
  }

  #expire(): void {
    const now = this.#clock.now();
    for (const [sid, session] of this.#sessions) if (session.validUntilMs < now) this.#sessions.delete(sid);
  }
}
