import { randomBytes } from 'node:crypto';
import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { deviceHttp } from '../common/device-http.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import {
  KlapSession,
  type KlapVersion,
  klapAuthHash,
  klapClientHash,
  klapServerHash,
  sameHash,
} from './klap-crypto.ts';

/**
 * The client side of KLAP (python-kasa `klaptransport.py`). handshake1 needs no credentials and proves the device
 * speaks KLAP; its server hash also tells which account the device is bound to, so candidate credentials can be
 * checked locally without sending any of them.
 */
export interface KlapHandshake1 {
  localSeed: Buffer;
  remoteSeed: Buffer;
  serverHash: Buffer;
  /** `TP_SESSIONID=…` to send back on handshake2 and requests. */
  cookie: string | undefined;
  evidence: Evidence;
}

export interface KlapCredential {
  username: string;
  password: string;
}

/** POST /app/handshake1 with a random seed: needs no credentials, proves KLAP, yields the server hash. */
export async function klapHandshake1(host: string, port: number, context: ExchangeLimits): Promise<KlapHandshake1> {
  const localSeed = randomBytes(16);
  const response = await deviceHttp({
    host,
    port,
    path: '/app/handshake1',
    method: 'POST',
    body: localSeed,
    headers: { 'content-type': 'application/octet-stream' },
    timeoutMs: context.timeoutMs,
    maxBytes: Math.min(context.maxBytes, 4096),
    signal: context.signal,
  });
  const sessionCookie = [response.headers['set-cookie'] ?? []]
    .flat()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('TP_SESSIONID='));
  if (response.status !== 200 || response.body.length !== 48) {
    throw new ProtocolError(
      { host, port },
      `handshake1 answered ${response.status} with ${response.body.length} bytes, not KLAP`,
    );
  }
  return {
    localSeed,
    remoteSeed: response.body.subarray(0, 16),
    serverHash: response.body.subarray(16),
    cookie: sessionCookie,
    evidence: {
      sent: `POST http://${host}:${port}/app/handshake1 (16-byte random seed, no credentials)`,
      received: `200 16-byte remote seed + 32-byte server hash${sessionCookie ? ', Set-Cookie TP_SESSIONID' : ''}`,
    },
  };
}

/** The first candidate whose credentials produce the device's server hash, if any. */
export function matchKlapCredential<C extends KlapCredential>(
  version: KlapVersion,
  handshake: KlapHandshake1,
  candidates: readonly C[],
): C | undefined {
  return candidates.find((c) =>
    sameHash(
      klapServerHash(version, handshake.localSeed, handshake.remoteSeed, klapAuthHash(version, c.username, c.password)),
      handshake.serverHash,
    ),
  );
}

/** An authenticated KLAP session: sends JSON requests to /app/request and returns the decrypted answers. */
export class KlapClient {
  readonly #host: string;
  readonly #port: number;
  readonly #cookie: string | undefined;
  readonly #session: KlapSession;
  readonly #context: ExchangeLimits;

  private constructor(
    host: string,
    port: number,
    cookie: string | undefined,
    session: KlapSession,
    context: ExchangeLimits,
  ) {
    this.#host = host;
    this.#port = port;
    this.#cookie = cookie;
    this.#session = session;
    this.#context = context;
  }

  /** handshake1 + handshake2 with `credential`; DeviceAuthError when the device is bound to another account. */
  static async connect(
    host: string,
    port: number,
    version: KlapVersion,
    credential: KlapCredential,
    context: ExchangeLimits,
    handshake?: KlapHandshake1,
  ): Promise<KlapClient> {
    const first = handshake ?? (await klapHandshake1(host, port, context));
    if (!matchKlapCredential(version, first, [credential])) {
      throw new DeviceAuthError({ host, port }, 'KLAP handshake1 hash does not match the configured TP-Link account');
    }
    const authHash = klapAuthHash(version, credential.username, credential.password);
    const response = await deviceHttp({
      host,
      port,
      path: '/app/handshake2',
      method: 'POST',
      body: klapClientHash(version, first.localSeed, first.remoteSeed, authHash),
      headers: first.cookie ? { cookie: first.cookie } : {},
      timeoutMs: context.timeoutMs,
      maxBytes: 4096,
      signal: context.signal,
    });
    if (response.status !== 200)
      throw new DeviceAuthError({ host, port }, `KLAP handshake2 answered ${response.status}`);
    return new KlapClient(
      host,
      port,
      first.cookie,
      new KlapSession(first.localSeed, first.remoteSeed, authHash),
      context,
    );
  }

  async request(json: unknown): Promise<unknown> {
    const { seq, payload } = this.#session.encryptNext(Buffer.from(JSON.stringify(json), 'utf8'));
    const response = await deviceHttp({
      host: this.#host,
      port: this.#port,
      path: `/app/request?seq=${seq}`,
      method: 'POST',
      body: payload,
      headers: this.#cookie ? { cookie: this.#cookie } : {},
      timeoutMs: this.#context.timeoutMs,
      maxBytes: this.#context.maxBytes,
      signal: this.#context.signal,
    });
    const endpoint = { host: this.#host, port: this.#port };
    if (response.status !== 200) throw new ProtocolError(endpoint, `KLAP request answered ${response.status}`);
    const plain = this.#session.decrypt(response.body, seq, false);
    if (!plain) throw new ProtocolError(endpoint, 'KLAP answer does not decrypt');
    try {
      return JSON.parse(plain.toString('utf8'));
    } catch (error) {
      throw new ProtocolError(endpoint, 'KLAP answer is not JSON', error);
    }
  }
}
