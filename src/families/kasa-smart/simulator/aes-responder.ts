import { constants as cryptoConstants, publicEncrypt, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../../lab/core/read-body.ts';
import { isObject } from '../../tplink/discovery.ts';
import { cookieValue, send } from '../../tplink/simulator/http-body.ts';
import { AesSession, aesLoginParams } from '../aes-session.ts';

/**
 * The device side of securePassthrough on POST /app (python-kasa `aestransport.py`): `handshake {key: <client RSA
 * public key>}` → `{"error_code":0,"result":{"key":<RSA-PKCS#1 v1.5 of AES key ‖ IV>}}` with a TP_SESSIONID cookie;
 * then `securePassthrough {request}` carries AES-encrypted inner requests, first `login_device`, which returns the
 * token later requests put in `?token=`. Error codes are python-kasa's SmartErrorCode values.
 */
export interface AesResponderOptions {
  account: () => { username: string; password: string };
  handle: (request: Record<string, unknown>) => Record<string, unknown>;
}

interface AesClientSession {
  aes: AesSession;
  token?: string;
}

const SESSION_COOKIE = 'TP_SESSIONID';
const SESSION_TIMEOUT_S = 86400;
const MAX_SESSIONS = 16;
const LOGIN_ERROR = -1501;
const SESSION_TIMEOUT_ERROR = 9999;
const JSON_DECODE_FAIL = -1003;
const INVALID_PUBLIC_KEY = -1010;

/** POST /app of an AES device; `handle` returns false for other paths. */
export class AesResponder {
  readonly #options: AesResponderOptions;
  readonly #sessions = new Map<string, AesClientSession>();

  constructor(options: AesResponderOptions) {
    this.#options = options;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://device');
    if (req.method !== 'POST' || url.pathname !== '/app') return false;
    const body = await readBody(req);
    let request: unknown;
    try {
      request = JSON.parse(body?.toString('utf8') ?? '');
    } catch {
      request = undefined;
    }
    if (!isObject(request)) {
      send(res, 200, JSON.stringify({ error_code: JSON_DECODE_FAIL }));
      return true;
    }
    const params = isObject(request.params) ? request.params : {};
    if (request.method === 'handshake') this.#handshake(params, res);
    else if (request.method === 'securePassthrough') this.#passthrough(req, url, params, res);
    else send(res, 200, JSON.stringify({ error_code: SESSION_TIMEOUT_ERROR }));
    return true;
  }

  #handshake(params: Record<string, unknown>, res: ServerResponse): void {
    const keyAndIv = randomBytes(32);
    let key: string;
    try {
      key = publicEncrypt({ key: String(params.key), padding: cryptoConstants.RSA_PKCS1_PADDING }, keyAndIv).toString(
        'base64',
      );
    } catch {
      send(res, 200, JSON.stringify({ error_code: INVALID_PUBLIC_KEY }));
      return;
    }
    const id = randomBytes(16).toString('hex').toUpperCase();
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    this.#sessions.set(id, { aes: new AesSession(keyAndIv) });
    send(res, 200, JSON.stringify({ error_code: 0, result: { key } }), {
      'content-type': 'application/json',
      'set-cookie': `${SESSION_COOKIE}=${id};TIMEOUT=${SESSION_TIMEOUT_S}`,
    });
  }

  #passthrough(req: IncomingMessage, url: URL, params: Record<string, unknown>, res: ServerResponse): void {
    const id = cookieValue(req, SESSION_COOKIE);
    const session = id === undefined ? undefined : this.#sessions.get(id);
    const plain = session && typeof params.request === 'string' ? session.aes.decrypt(params.request) : undefined;
    let inner: unknown;
    try {
      inner = plain === undefined ? undefined : JSON.parse(plain);
    } catch {
      inner = undefined;
    }
    if (!session || !isObject(inner)) {
      send(res, 200, JSON.stringify({ error_code: SESSION_TIMEOUT_ERROR }));
      return;
    }
    let answer: Record<string, unknown>;
    if (inner.method === 'login_device') answer = this.#login(session, inner.params);
    else if (!session.token || url.searchParams.get('token') !== session.token) answer = { error_code: LOGIN_ERROR };
    else answer = this.#options.handle(inner);
    send(
      res,
      200,
      JSON.stringify({ error_code: 0, result: { response: session.aes.encrypt(JSON.stringify(answer)) } }),
      {
        'content-type': 'application/json',
      },
    );
  }

  #login(session: AesClientSession, params: unknown): Record<string, unknown> {
    const { username, password } = this.#options.account();
    const given = isObject(params) ? params : {};
    const accepted = [1, 2].some((version) => {
      const expected = aesLoginParams(username, password, version);
      return Object.entries(expected).every(([k, v]) => given[k] === v);
    });
    if (!accepted) return { error_code: LOGIN_ERROR };
    session.token = randomBytes(16).toString('hex').toUpperCase();
    return { error_code: 0, result: { token: session.token } };
  }
}
