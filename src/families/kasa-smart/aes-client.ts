import { constants as cryptoConstants, generateKeyPairSync, type KeyObject, privateDecrypt } from 'node:crypto';
import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { parseBoundedJson } from '../../util/parse-bounded-json.ts';
import { deviceHttp } from '../common/device-http.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import { isObject } from '../tplink/discovery.ts';
import { AesSession, aesLoginParams } from './aes-session.ts';
import type { KlapCredential } from './klap-client.ts';

/**
 * The client side of securePassthrough (python-kasa `aestransport.py`): handshake with a fresh RSA key, login_device,
 * then AES-wrapped SMART requests with `?token=`. The handshake needs no credentials.
 */
export interface AesHandshake {
  session: AesSession;
  cookie: string | undefined;
  evidence: Evidence;
}

/** python-kasa's AES transport uses 1024-bit RSA for the handshake key (`KeyPair.create_key_pair`). */
const HANDSHAKE_RSA_BITS = 1024;
const LOGIN_ERROR = -1501;

/** The credential-free first step: proves the device speaks securePassthrough and yields the session key. */
export async function aesHandshake(host: string, port: number, context: ExchangeLimits): Promise<AesHandshake> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: HANDSHAKE_RSA_BITS });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const response = await deviceHttp({
    host,
    port,
    path: '/app',
    method: 'POST',
    body: JSON.stringify({ method: 'handshake', params: { key: pem } }),
    headers: { 'content-type': 'application/json', accept: 'application/json', requestByApp: 'true' },
    timeoutMs: context.timeoutMs,
    maxBytes: Math.min(context.maxBytes, 16_384),
    signal: context.signal,
  });
  const body = response.json();
  const result = isObject(body) && isObject(body.result) ? body.result : undefined;
  if (response.status !== 200 || !isObject(body) || body.error_code !== 0 || typeof result?.key !== 'string') {
    throw new ProtocolError(
      { host, port },
      `securePassthrough handshake answered ${response.status} ${response.text().slice(0, 80)}`,
    );
  }
  const keyAndIv = decryptPkcs1(privateKey, Buffer.from(result.key, 'base64'));
  if (keyAndIv?.length !== 32) throw new ProtocolError({ host, port }, 'handshake key does not decrypt');
  const cookie = [response.headers['set-cookie'] ?? []]
    .flat()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('TP_SESSIONID='));
  return {
    session: new AesSession(keyAndIv),
    cookie,
    evidence: {
      sent: `POST http://${host}:${port}/app {"method":"handshake","params":{"key":"<RSA public key>"}}`,
      received: `200 {"error_code":0,"result":{"key":"<RSA-encrypted session key>"}}${cookie ? ', Set-Cookie TP_SESSIONID' : ''}`,
    },
  };
}

/**
 * RSA PKCS#1 v1.5 decryption done by hand: Node 20 refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809),
 * but the device uses it. Raw RSA, then the padding check of RFC 8017 §7.2.2 step 3.
 */
function decryptPkcs1(privateKey: KeyObject, cipher: Buffer): Buffer | undefined {
  try {
    const block = privateDecrypt({ key: privateKey, padding: cryptoConstants.RSA_NO_PADDING }, cipher);
    if (block[0] !== 0 || block[1] !== 2) return undefined;
    const separator = block.indexOf(0, 2);
    return separator < 10 ? undefined : block.subarray(separator + 1);
  } catch {
    return undefined;
  }
}

/** A logged-in securePassthrough session. */
export class AesClient {
  readonly #host: string;
  readonly #port: number;
  readonly #handshake: AesHandshake;
  readonly #token: string;
  readonly #context: ExchangeLimits;

  private constructor(host: string, port: number, handshake: AesHandshake, token: string, context: ExchangeLimits) {
    this.#host = host;
    this.#port = port;
    this.#handshake = handshake;
    this.#token = token;
    this.#context = context;
  }

  static async connect(
    host: string,
    port: number,
    credential: KlapCredential,
    loginVersion: number,
    context: ExchangeLimits,
  ): Promise<AesClient> {
    const handshake = await aesHandshake(host, port, context);
    const answer = await passthrough(host, port, '/app', handshake, context, {
      method: 'login_device',
      params: aesLoginParams(credential.username, credential.password, loginVersion),
      request_time_milis: Date.now(),
    });
    const result = isObject(answer.result) ? answer.result : undefined;
    if (answer.error_code === LOGIN_ERROR || typeof result?.token !== 'string') {
      throw new DeviceAuthError(
        { host, port },
        `login_device refused the configured TP-Link account (${String(answer.error_code)})`,
      );
    }
    return new AesClient(host, port, handshake, result.token, context);
  }

  request(json: Record<string, unknown>): Promise<Record<string, unknown>> {
    const path = `/app?token=${encodeURIComponent(this.#token)}`;
    return passthrough(this.#host, this.#port, path, this.#handshake, this.#context, json);
  }
}

async function passthrough(
  host: string,
  port: number,
  path: string,
  handshake: AesHandshake,
  context: ExchangeLimits,
  inner: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await deviceHttp({
    host,
    port,
    path,
    method: 'POST',
    body: JSON.stringify({
      method: 'securePassthrough',
      params: { request: handshake.session.encrypt(JSON.stringify(inner)) },
    }),
    headers: { 'content-type': 'application/json', ...(handshake.cookie ? { cookie: handshake.cookie } : {}) },
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
    signal: context.signal,
  });
  const outer = response.json();
  const result = isObject(outer) && isObject(outer.result) ? outer.result : undefined;
  if (!isObject(outer) || outer.error_code !== 0 || typeof result?.response !== 'string') {
    throw new ProtocolError(
      { host, port },
      `securePassthrough answered ${response.status} error ${String(isObject(outer) ? outer.error_code : '?')}`,
    );
  }
  const plain = handshake.session.decrypt(result.response);
  try {
    const parsed: unknown = plain === undefined ? undefined : parseBoundedJson(plain);
    if (isObject(parsed)) return parsed;
  } catch {
    // fall through to the error below
  }
  throw new ProtocolError({ host, port }, 'securePassthrough answer does not decrypt to JSON');
}
