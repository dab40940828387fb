/**
 * Authentication of `iotwarden serve`, as use cases: the one-time setup link that creates the owner, password
 * logins with per-address backoff, sessions that end when idle, at an absolute limit or on logout, and long-lived
 * API tokens. Only hashes of secrets reach the database.
 */
import { AccessError, UsageError } from '../../errors/index.ts';
import type { ServeStore } from '../../store/serve-store.ts';
import type { ApiTokenRecord, TokenScope } from '../../store/serve-types.ts';
import type { Clock } from '../../util/clock.ts';
import { LoginThrottle } from './login-throttle.ts';
import { decoyHash, hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from './passwords.ts';
import { randomToken, sha256Hex } from './secrets.ts';

export interface AuthTimings {
  /** How long the setup link works. */
  setupTokenMs: number;
  /** A session unused this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after login, however active. */
  sessionMaxMs: number;
}

export const DEFAULT_AUTH_TIMINGS: AuthTimings = {
  setupTokenMs: 24 * 3_600_000,
  sessionIdleMs: 24 * 3_600_000,
  sessionMaxMs: 30 * 24 * 3_600_000,
};

/** Who a request is: the owner through a session, or a named API token. */
export type Principal =
  | { kind: 'session'; username: string; sessionHash: string; csrfToken: string; canWrite: true }
  | { kind: 'token'; tokenId: number; name: string; canWrite: boolean };

/** A session's last-seen time is written at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

export class AuthService {
  readonly #store: ServeStore;
  readonly #clock: Clock;
  readonly #timings: AuthTimings;
  readonly #throttle: LoginThrottle;

  constructor(store: ServeStore, clock: Clock, timings: Partial<AuthTimings> = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#timings = { ...DEFAULT_AUTH_TIMINGS, ...timings };
    this.#throttle = new LoginThrottle(clock);
  }

  /** True once the owner account exists. */
  async isSetUp(): Promise<boolean> {
    return (await this.#store.userCount()) > 0;
  }

  /** With no owner yet: a fresh setup token (shown once, stored hashed; older unused ones stop working). */
  async issueSetupToken(): Promise<{ token: string; expiresMs: number } | undefined> {
    if (await this.isSetUp()) return undefined;
    const token = randomToken();
    const nowMs = this.#clock.now();
    const expiresMs = nowMs + this.#timings.setupTokenMs;
    await this.#store.saveSetupToken(sha256Hex(token), nowMs, expiresMs);
    return { token, expiresMs };
  }

  async setupTokenValid(token: string): Promise<boolean> {
    return this.#store.setupTokenUsable(sha256Hex(token), this.#clock.now());
  }

  /** Creates the owner with the setup token (single use) and logs them in. */
  async createOwner(token: string, username: string, password: string): Promise<{ session: string; csrf: string }> {
    checkCredentials(username, password);
    if (await this.isSetUp()) throw new AccessError('ERR_SETUP_DONE', 'The owner account exists already; log in.');
    const passwordHash = await hashPassword(password);
    const nowMs = this.#clock.now();
    const user = await this.#store.createOwner(sha256Hex(token), { username, passwordHash, createdMs: nowMs }, nowMs);
    if (!user) {
      throw new AccessError(
        'ERR_SETUP_TOKEN',
        'This setup link is not valid (used, expired or mistyped). Restart iotwarden serve for a new one.',
      );
    }
    return this.#newSession(user.id);
  }

  /** Checks a password login from `address`; wrong user and wrong password fail alike. */
  async login(username: string, password: string, address: string): Promise<{ session: string; csrf: string }> {
    const waitMs = this.#throttle.waitMs(address);
    if (waitMs > 0) throw throttled(waitMs);
    const user = await this.#store.user(username);
    // An unknown user still costs one scrypt, so timing does not tell which usernames exist.
    const ok = await verifyPassword(password.slice(0, PASSWORD_MAX), user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok) {
      const retryMs = this.#throttle.fail(address);
      throw new AccessError('ERR_AUTH_FAILED', 'Wrong username or password.', { retryAfterMs: retryMs });
    }
    this.#throttle.succeed(address);
    return this.#newSession(user.id);
  }

  /** The session a cookie names, if it is still valid (not revoked, not idle too long, not past its end). */
  async sessionFor(cookie: string): Promise<Principal | undefined> {
    const sessionHash = sha256Hex(cookie);
    const session = await this.#store.session(sessionHash);
    const nowMs = this.#clock.now();
    if (!session || session.revokedMs !== null || nowMs >= session.expiresMs) return undefined;
    if (nowMs - session.lastSeenMs >= this.#timings.sessionIdleMs) return undefined;
    if (nowMs - session.lastSeenMs >= TOUCH_EVERY_MS) await this.#store.touchSession(sessionHash, nowMs);
    return { kind: 'session', username: session.username, sessionHash, csrfToken: session.csrfToken, canWrite: true };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.kind === 'session') await this.#store.revokeSession(principal.sessionHash, this.#clock.now());
  }

  /** A new API token: the secret is returned once and only its hash is kept. */
  async createApiToken(name: string, scope: TokenScope): Promise<{ token: string; record: ApiTokenRecord }> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 80)
      throw new UsageError('a token name is 1 to 80 characters', { code: 'ERR_TOKEN_NAME' });
    const token = randomToken('iwt_');
    const record = await this.#store.saveApiToken({
      name: trimmed,
      tokenSha256: sha256Hex(token),
      scope,
      createdMs: this.#clock.now(),
    });
    return { token, record };
  }

  apiTokens(): Promise<ApiTokenRecord[]> {
    return this.#store.apiTokens();
  }

  async revokeApiToken(id: number): Promise<void> {
    if (!(await this.#store.revokeApiToken(id, this.#clock.now())))
      throw new UsageError(`no active API token with id ${id}`, { code: 'ERR_NO_TOKEN' });
  }

  /** The token a bearer header carries, if valid; its last use is recorded. */
  async tokenFor(bearer: string): Promise<Principal | undefined> {
    const record = await this.#store.apiTokenByHash(sha256Hex(bearer));
    if (!record || record.revokedMs !== null) return undefined;
    const nowMs = this.#clock.now();
    if (record.lastUsedMs === null || nowMs - record.lastUsedMs >= TOUCH_EVERY_MS)
      await this.#store.markApiTokenUsed(record.id, nowMs);
    return { kind: 'token', tokenId: record.id, name: record.name, canWrite: record.scope === 'write' };
  }

  async #newSession(userId: number): Promise<{ session: string; csrf: string }> {
    const session = randomToken();
    const csrf = randomToken();
    const nowMs = this.#clock.now();
    await this.#store.saveSession({
      idSha256: sha256Hex(session),
      userId,
      csrfToken: csrf,
      createdMs: nowMs,
      lastSeenMs: nowMs,
      expiresMs: nowMs + this.#timings.sessionMaxMs,
    });
    await this.#store.pruneSessions(nowMs - this.#timings.sessionMaxMs);
    return { session, csrf };
  }
}

function checkCredentials(username: string, password: string): void {
  if (!USERNAME.test(username))
    throw new UsageError('a username is 1 to 64 letters, digits or . _ @ -', { code: 'ERR_USERNAME' });
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw new UsageError(`a password is ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`, { code: 'ERR_PASSWORD' });
}

function throttled(waitMs: number): AccessError {
  const seconds = Math.ceil(waitMs / 1000);
  return new AccessError('ERR_AUTH_THROTTLED', `Too many failed logins from this address; try again in ${seconds} s.`, {
    retryAfterMs: waitMs,
  });
}
