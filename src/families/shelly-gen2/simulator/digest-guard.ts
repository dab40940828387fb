import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../util/clock.ts';
import { isRecord } from '../../shelly/simulator/json-tools.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Nonces stay valid for an hour (Shelly Gen2 API docs, Authentication, "Nonce validity"). */
const NONCE_LIFETIME_MS = 60 * 60 * 1000;

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

/**
 * The device side of Shelly Gen2+ digest auth (RFC 7616, SHA-256, user `admin`, realm = device id, ha1 =
 * SHA256("admin:<realm>:<password>")). Accepts the HTTP `Authorization: Digest` header and the JSON-RPC `auth`
 * object (whose ha2 is SHA256("dummy_method:dummy_uri"), Shelly docs). Each nonce is good for one request:
 * a replayed nonce is refused, as on firmware before 2.0 where HTTP clients redo the challenge per request.
 */
export class SimulatedDigestGuard {
  readonly realm: string;
  readonly #ha1: string;
  readonly #clock: Clock;
  readonly #issued = new Map<number, number>();

  constructor(realm: string, password: string, clock: Clock) {
    this.realm = realm;
    this.#ha1 = sha256(`admin:${realm}:${password}`);
    this.#clock = clock;
  }

  /** A fresh challenge. The nonce is a number, as in the captured 401 (`"nonce": 1725185413`). */
  challenge(): DigestChallenge {
    const now = this.#clock.now();
    for (const [nonce, issuedAt] of this.#issued) if (now - issuedAt > NONCE_LIFETIME_MS) this.#issued.delete(nonce);
    let nonce = randomInt(1_000_000_000, 2 ** 32 - 1);
    while (this.#issued.has(nonce)) nonce = randomInt(1_000_000_000, 2 ** 32 - 1);
    this.#issued.set(nonce, now);
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
    if (!p.nonce || !p.nc || !p.cnonce || !p.response || !this.#consume(p.nonce)) return false;
    const ha2 = sha256(`${method}:${uri}`);
    return sameHex(p.response, sha256(`${this.#ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`));
  }

  /** Checks the `auth` member of a JSON-RPC request frame. */
  verifyBody(auth: unknown): boolean {
    if (!isRecord(auth) || auth.username !== 'admin' || auth.realm !== this.realm) return false;
    if (auth.algorithm !== undefined && auth.algorithm !== 'SHA-256') return false;
    const nonce = String(auth.nonce ?? '');
    const nc = String(auth.nc ?? 1);
    const cnonce = auth.cnonce;
    if ((typeof cnonce !== 'string' && typeof cnonce !== 'number') || typeof auth.response !== 'string') return false;
    if (!this.#consume(nonce)) return false;
    const ha2 = sha256('dummy_method:dummy_uri');
    return sameHex(auth.response, sha256(`${this.#ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`));
  }

  #consume(nonceText: string): boolean {
    if (!/^\d{1,10}$/.test(nonceText)) return false;
    const nonce = Number(nonceText);
    const issuedAt = this.#issued.get(nonce);
    if (issuedAt === undefined) return false;
    this.#issued.delete(nonce);
    return this.#clock.now() - issuedAt <= NONCE_LIFETIME_MS;
  }
}
