import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../../lab/core/read-body.ts';
import { cookieValue, send } from '../../tplink/simulator/http-body.ts';
import { KlapSession, type KlapVersion, klapClientHash, klapServerHash, sameHash } from '../klap-crypto.ts';

/**
 * The device side of KLAP over HTTP (python-kasa `klaptransport.py`): POST /app/handshake1 with a 16-byte local seed
 * → 16-byte remote seed + server hash and a TP_SESSIONID cookie; POST /app/handshake2 with the client hash → 200;
 * POST /app/request?seq=N with a signed AES payload → an answer encrypted with the same sequence number.
 */
export interface KlapResponderOptions {
  version: KlapVersion;
  /** The auth hash of the account the device is bound to, read at each handshake (binding can change). */
  authHash: () => Buffer;
  /** Answers one decrypted request (JSON bytes), or undefined to refuse it. */
  handle: (plain: Buffer) => Buffer | undefined;
}

interface PendingSession {
  localSeed: Buffer;
  remoteSeed: Buffer;
  authHash: Buffer;
  session?: KlapSession;
}

const SESSION_COOKIE = 'TP_SESSIONID';
// handshake1 sets TIMEOUT=86400 (python-kasa reads it as the session lifetime in seconds).
const SESSION_TIMEOUT_S = 86400;
const MAX_SESSIONS = 16;

/** The /app/* paths of a KLAP device; `handle` returns false for other paths. */
export class KlapResponder {
  readonly #options: KlapResponderOptions;
  readonly #sessions = new Map<string, PendingSession>();

  constructor(options: KlapResponderOptions) {
    this.#options = options;
  }

  /** Handles the request when it is a KLAP path; returns false so the caller can answer other paths. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://device');
    if (req.method !== 'POST' || !url.pathname.startsWith('/app/')) return false;
    const body = await readBody(req);
    if (!body) {
      send(res, 400);
      return true;
    }
    if (url.pathname === '/app/handshake1') this.#handshake1(body, res);
    else if (url.pathname === '/app/handshake2') this.#handshake2(req, body, res);
    else if (url.pathname === '/app/request') this.#request(req, url, body, res);
    else return false;
    return true;
  }

  #handshake1(body: Buffer, res: ServerResponse): void {
    if (body.length !== 16) {
      send(res, 400);
      return;
    }
    const remoteSeed = randomBytes(16);
    const authHash = this.#options.authHash();
    const id = randomBytes(16).toString('hex').toUpperCase();
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    this.#sessions.set(id, { localSeed: body, remoteSeed, authHash });
    const serverHash = klapServerHash(this.#options.version, body, remoteSeed, authHash);
    send(res, 200, Buffer.concat([remoteSeed, serverHash]), {
      'set-cookie': `${SESSION_COOKIE}=${id};TIMEOUT=${SESSION_TIMEOUT_S}`,
    });
  }

  #handshake2(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const pending = this.#pending(req);
    if (!pending) {
      send(res, 403);
      return;
    }
    const expected = klapClientHash(this.#options.version, pending.localSeed, pending.remoteSeed, pending.authHash);
    if (!sameHash(expected, body)) {
      send(res, 403);
      return;
    }
    pending.session = new KlapSession(pending.localSeed, pending.remoteSeed, pending.authHash);
    send(res, 200);
  }

  #request(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): void {
    const session = this.#pending(req)?.session;
    const seq = Number(url.searchParams.get('seq'));
    const plain = session && Number.isInteger(seq) ? session.decrypt(body, seq) : undefined;
    const answer = plain ? this.#options.handle(plain) : undefined;
    if (!session || !answer) {
      // A request outside an established session, or one that does not decrypt: python-kasa treats 403 as
      // "security error, handshake again".
      send(res, 403);
      return;
    }
    send(res, 200, session.encrypt(answer, seq));
  }

  #pending(req: IncomingMessage): PendingSession | undefined {
    const id = cookieValue(req, SESSION_COOKIE);
    return id === undefined ? undefined : this.#sessions.get(id);
  }
}
