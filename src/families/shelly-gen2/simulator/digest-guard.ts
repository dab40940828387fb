import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../util/clock.ts';
import { isRecord } from '../../shelly/simulator/json-tools.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A nonce is good for an hour (Mongoose OS `mg_rpc_check_nonce`; Shelly Gen2 API docs, Authentication, 2.0.0). */
const NONCE_LIFETIME_S = 60 * 60;
/** Firmware 2.0.0+: "a single nonce can be reused for up to 30,000 requests" (Gen2 API docs, Authentication). */
const MAX_NONCE_USES = 30_000;
/** Bounds the table of issued nonces against a client that asks for challenges in a loop. */
const MAX_ISSUED = 256;

/**
 * How the firmware checks a nonce:
 * - `timestamp` (firmware before 2.0, Mongoose OS based): the nonce is the device's Unix time when it challenged,
 *   and any nonce from the last hour is accepted, with the `nc` the client sends, as often as it is sent
 *   (`mg_rpc_check_nonce` in mongoose-os-libs/rpc-common; aioshelly sent a self-made `now - 1800` nonce without
 *   any challenge until its 2.0 fix). So a WebSocket client builds its auth object once and reuses it, as the
 *   pre-2.0 docs say; the flip side, a replayed request is accepted, is the real device's weakness.
 * - `counted` (firmware 2.0.0+, RFC 7616): only nonces the device issued, each for an hour and 30,000 requests, and
 *   every use must carry a higher `nc` than the last, so a replay is refused while aioshelly's
 *   keep-the-nonce-and-increment-nc works (Gen2 API docs, Authentication, "Nonce Handling (Firmware 2.0.0+)").
 */
export type NonceRules = 'timestamp' | 'counted';

/** A 401 challenge, as the HTTP header and as the JSON-RPC error message string. */
export interface DigestChallenge {
  nonce: number;
  header: string;
  message: string;
}

/** Splits `Digest a="b", c=d` into its parameters (RFC 7616 §3.4, quoted or token values). */
export function parseDigestParams(header: string): Record<string, string> | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  const pattern = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const part of match[1].matchAll(pattern)) {
    const key = part[1];
    if (key) params[key.toLowerCase()] = part[2] !== undefined ? part[2].replace(/\\(.)/g, '$1') : (part[3] ?? '');
  }
  return params;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase());
  const right = Buffer.from(b.toLowerCase());
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface DigestGuardOptions {
  realm: string;
  /** SHA256("admin:<realm>:<password>"), as `Shelly.SetAuth` stores it. */
  ha1: string;
  clock: Clock;
  /** Read on every check: an update to 2.0 changes the rules. */
  rules: () => NonceRules;
}

/**
 * The device side of Shelly Gen2+ digest auth (RFC 7616, SHA-256, user `admin`, realm = device id). Accepts the
 * HTTP `Authorization: Digest` header and the JSON-RPC `auth` object, whose ha2 is SHA256("dummy_method:dummy_uri")
 * (Gen2 API docs, Authentication). See {@link NonceRules} for how nonces are checked.
 */
export class SimulatedDigestGuard {
  readonly realm: string;
  readonly #clock: Clock;
  readonly #rules: () => NonceRules;
  readonly #issued = new Map<number, { issuedAtS: number; lastNc: number; uses: number }>();
  #ha1: string;
  #lastNonce = 0;

  constructor(options: DigestGuardOptions) {
    this.realm = options.realm;
    this.#ha1 = options.ha1;
    this.#clock = options.clock;
    this.#rules = options.rules;
  }

  /** `Shelly.SetAuth` with a new password. */
  setHa1(ha1: string): void {
    this.#ha1 = ha1;
  }

  /** A fresh challenge; the nonce is a Unix time, as in the captured 401 (`"nonce": 1725185413`). */
  challenge(): DigestChallenge {
    const nowS = this.#nowS();
    let nonce = nowS;
    if (this.#rules() === 'counted') {
      // Issued nonces stay distinct, so two clients challenged in the same second do not share a counter.
      nonce = Math.max(nowS, this.#lastNonce + 1);
      this.#lastNonce = nonce;
      this.#forgetOld(nowS);
      this.#issued.set(nonce, { issuedAtS: nowS, lastNc: 0, uses: 0 });
    }
    // Header as a Gen3 device sends it (matterbridge-shelly test: `Digest qop="auth", realm=..., nonce="1716556501",
    // algorithm=SHA-256`); message spelled exactly like the capture rpc/shellyplus2pm/Cover.Close_auth_failure.
    return {
      nonce,
      header: `Digest qop="auth", realm="${this.realm}", nonce="${nonce}", algorithm=SHA-256`,
      message: `{"auth_type": "digest", "nonce": ${nonce}, "nc": 1, "realm": "${this.realm}", "algorithm": "SHA-256"}`,
    };
  }

  /** Checks an `Authorization: Digest` header for `method` and the request-target `uri`. */
  verifyHeader(authorization: string | undefined, method: string, uri: string): boolean {
    const p = authorization ? parseDigestParams(authorization) : undefined;
    if (p?.username !== 'admin' || p.realm !== this.realm || p.uri !== uri || p.qop !== 'auth') return false;
    if (p.algorithm !== undefined && p.algorithm.toUpperCase() !== 'SHA-256') return false;
    if (!p.nonce || !p.nc || !/^[0-9a-f]{1,8}$/i.test(p.nc) || !p.cnonce || !p.response) return false;
    const expected = sha256(`${this.#ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${sha256(`${method}:${uri}`)}`);
    return sameHex(p.response, expected) && this.#acceptNonce(p.nonce, Number.parseInt(p.nc, 16));
  }

  /** Checks the `auth` member of a JSON-RPC request frame (`nc` is a number there, 1 when left out). */
  verifyBody(auth: unknown): boolean {
    if (!isRecord(auth) || auth.username !== 'admin' || auth.realm !== this.realm) return false;
    if (auth.algorithm !== undefined && auth.algorithm !== 'SHA-256') return false;
    const nonce = typeof auth.nonce === 'number' || typeof auth.nonce === 'string' ? String(auth.nonce) : '';
    const nc = auth.nc === undefined ? 1 : Number(auth.nc);
    const cnonce = auth.cnonce;
    if ((typeof cnonce !== 'string' && typeof cnonce !== 'number') || typeof auth.response !== 'string') return false;
    if (!Number.isInteger(nc) || nc < 1) return false;
    const expected = sha256(`${this.#ha1}:${nonce}:${nc}:${cnonce}:auth:${sha256('dummy_method:dummy_uri')}`);
    return sameHex(auth.response, expected) && this.#acceptNonce(nonce, nc);
  }

  #nowS(): number {
    return Math.floor(this.#clock.now() / 1000);
  }

  #acceptNonce(text: string, nc: number): boolean {
    if (!/^\d{1,12}$/.test(text)) return false;
    const nonce = Number(text);
    const nowS = this.#nowS();
    if (this.#rules() === 'timestamp') return nonce <= nowS && nowS - nonce < NONCE_LIFETIME_S;
    const entry = this.#issued.get(nonce);
    if (!entry || nowS - entry.issuedAtS >= NONCE_LIFETIME_S || entry.uses >= MAX_NONCE_USES) return false;
    if (nc <= entry.lastNc) return false;
    entry.lastNc = nc;
    entry.uses += 1;
    return true;
  }

  #forgetOld(nowS: number): void {
    for (const [nonce, entry] of this.#issued) {
      if (nowS - entry.issuedAtS >= NONCE_LIFETIME_S) this.#issued.delete(nonce);
    }
    while (this.#issued.size >= MAX_ISSUED) {
      const oldest = this.#issued.keys().next().value;
      if (oldest === undefined) break;
      this.#issued.delete(oldest);
    }
  }
}
