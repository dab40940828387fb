import { createHash, randomBytes } from 'node:crypto';
import { DeviceAuthError } from '../../errors/index.ts';
import type { HttpRequestOptions, HttpResponse } from '../../net/http-client.ts';
import { deviceHttp } from '../common/device-http.ts';

/**
 * HTTP digest authentication client (RFC 7616) as Shelly Gen2+ devices use it: SHA-256, qop `auth`, user `admin`,
 * realm = device id (Shelly Gen2 API docs, Authentication). Also builds the JSON-RPC `auth` object, whose ha2 is
 * SHA256("dummy_method:dummy_uri"). Secrets never leave this file except as hashes.
 */

export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  /** `SHA-256` or `MD5` (RFC 7616 §3.3: MD5 when absent). */
  algorithm: string;
  opaque?: string;
}

const hashName = (algorithm: string): 'sha256' | 'md5' | undefined => {
  const upper = algorithm.toUpperCase();
  if (upper === 'SHA-256') return 'sha256';
  if (upper === 'MD5') return 'md5';
  return undefined;
};

function hex(algorithm: string, text: string): string {
  return createHash(hashName(algorithm) ?? 'sha256')
    .update(text)
    .digest('hex');
}

/** Parses a `WWW-Authenticate: Digest …` header; undefined for Basic or malformed challenges. */
export function parseDigestChallenge(header: string | string[] | undefined): DigestChallenge | undefined {
  const value = Array.isArray(header) ? header.find((h) => /^\s*Digest\s/i.test(h)) : header;
  const match = value ? /^\s*Digest\s+(.*)$/is.exec(value) : null;
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  for (const part of match[1].matchAll(/([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    if (part[1])
      params[part[1].toLowerCase()] = part[2] !== undefined ? part[2].replace(/\\(.)/g, '$1') : (part[3] ?? '');
  }
  if (!params.realm || !params.nonce) return undefined;
  const algorithm = params.algorithm ?? 'MD5';
  if (!hashName(algorithm)) return undefined;
  const challenge: DigestChallenge = { realm: params.realm, nonce: params.nonce, algorithm };
  if (params.qop) challenge.qop = params.qop;
  if (params.opaque) challenge.opaque = params.opaque;
  return challenge;
}

/**
 * Reads the challenge a Shelly puts in a JSON-RPC 401 error: `error.message` is itself a JSON string with
 * `auth_type`, `nonce`, `nc`, `realm`, `algorithm` (capture rpc/shellyplus2pm/Cover.Close_auth_failure).
 */
export function challengeFromRpcError(body: unknown): DigestChallenge | undefined {
  const error =
    typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : body;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 401 || typeof message !== 'string') return undefined;
  try {
    const parsed = JSON.parse(message) as Record<string, unknown>;
    if (parsed.auth_type !== 'digest' || typeof parsed.realm !== 'string' || parsed.nonce === undefined)
      return undefined;
    return {
      realm: parsed.realm,
      nonce: String(parsed.nonce),
      qop: 'auth',
      algorithm: String(parsed.algorithm ?? 'SHA-256'),
    };
  } catch {
    return undefined;
  }
}

/** The `Authorization` header value answering `challenge` for one request (RFC 7616 §3.4). */
export function digestAuthorization(options: {
  challenge: DigestChallenge;
  username: string;
  password: string;
  method: string;
  uri: string;
  cnonce?: string;
  nc?: number;
}): string {
  const { challenge, username, password, method, uri } = options;
  const alg = challenge.algorithm;
  const cnonce = options.cnonce ?? randomBytes(8).toString('hex');
  const nc = (options.nc ?? 1).toString(16).padStart(8, '0');
  const ha1 = hex(alg, `${username}:${challenge.realm}:${password}`);
  const ha2 = hex(alg, `${method}:${uri}`);
  const qop = challenge.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const response = qop
    ? hex(alg, `${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : hex(alg, `${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username="${username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${uri}"`,
    `algorithm=${alg}`,
    `response="${response}"`,
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (challenge.opaque) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

/** The JSON-RPC `auth` object of a Shelly request frame (Shelly Gen2 API docs, Authentication; nc is 1). */
export interface ShellyAuthObject {
  realm: string;
  username: 'admin';
  nonce: number;
  cnonce: number;
  response: string;
  algorithm: 'SHA-256';
}

export function shellyAuthObject(options: {
  realm: string;
  nonce: number;
  password: string;
  cnonce?: number;
}): ShellyAuthObject {
  const cnonce = options.cnonce ?? randomBytes(4).readUInt32BE(0);
  const ha1 = hex('SHA-256', `admin:${options.realm}:${options.password}`);
  const ha2 = hex('SHA-256', 'dummy_method:dummy_uri');
  const response = hex('SHA-256', `${ha1}:${options.nonce}:1:${cnonce}:auth:${ha2}`);
  return { realm: options.realm, username: 'admin', nonce: options.nonce, cnonce, response, algorithm: 'SHA-256' };
}

/**
 * A digest challenge whose realm is not the device's own id, left unanswered. The answer to a challenge is a hash of
 * the password with the realm and the nonce the peer chose, which the peer can test guesses against offline: a
 * Shelly's realm is its device id (capture rpc/shellyplus2pm/Cover.Close_auth_failure), so an answer only ever goes
 * to the realm of the device the credential is bound to.
 */
export class ForeignRealmError extends DeviceAuthError {
  readonly realm: string;
  constructor(endpoint: { host: string; port: number }, realm: string, expected: string) {
    super(endpoint, `digest challenge for realm "${realm}", not the device id "${expected}": not answered`);
    this.realm = realm;
  }
}

/**
 * One bounded HTTP exchange that answers a digest challenge: asks without credentials, and on a 401 carrying a
 * challenge (header, or the JSON-RPC error body) asks once more with them, but only when the challenge's realm is
 * `credential.realm` (the device id; a ForeignRealmError otherwise, with nothing sent). A second 401 is a
 * DeviceAuthError. Other answers (including a 401 without a digest challenge) are returned as they came.
 */
export async function requestWithDigest(
  options: HttpRequestOptions,
  credential: { username: string; password: string; realm: string },
): Promise<HttpResponse> {
  const first = await deviceHttp(options);
  if (first.status !== 401) return first;
  let challenge = parseDigestChallenge(first.headers['www-authenticate']);
  if (!challenge) {
    try {
      challenge = challengeFromRpcError(JSON.parse(first.text()));
    } catch {
      challenge = undefined;
    }
  }
  if (!challenge) return first;
  if (challenge.realm !== credential.realm) {
    throw new ForeignRealmError({ host: options.host, port: options.port }, challenge.realm, credential.realm);
  }
  const authorization = digestAuthorization({
    challenge,
    username: credential.username,
    password: credential.password,
    method: options.method ?? 'GET',
    uri: options.path,
  });
  const second = await deviceHttp({ ...options, headers: { ...options.headers, authorization } });
  if (second.status === 401) {
    throw new DeviceAuthError(
      { host: options.host, port: options.port },
      `digest credentials for "${credential.username}" refused`,
    );
  }
  return second;
}
