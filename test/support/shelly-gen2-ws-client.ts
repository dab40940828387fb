import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/**
 * A Shelly Gen2+ WebSocket RPC client written for the contract tests from the public Gen2 API docs (RPC Protocol,
 * RPC Channels, Notifications, Authentication), independent of the simulator's code. It behaves like Home
 * Assistant's aioshelly (rpc_device/wsrpc.py): frames `{id, src, method, params, auth}`; on a 401 error frame it
 * reads the challenge from `error.message`, builds the auth object and retries once; it then keeps the nonce and
 * increments `nc` for every later call instead of asking for a new challenge.
 */

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** An RPC error the device answered (`{code, message}`). */
export class ShellyRpcCallError extends Error {
  readonly code: number;
  readonly rpcMessage: string;
  constructor(method: string, code: number, message: string) {
    super(`${method} failed: ${code} ${message}`);
    this.code = code;
    this.rpcMessage = message;
  }
}

export interface Notification {
  method: string;
  params: Record<string, unknown>;
  src: unknown;
  dst: unknown;
}

interface Pending {
  resolve: (frame: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface AuthState {
  realm: string;
  ha1: string;
  nonce: number | string;
  nc: number;
}

export interface ShellyWsClientOptions {
  /** This client's `src`: devices address notifications to it. */
  src: string;
  /** The device password (user `admin`); the realm is learned from the challenge. */
  password?: string;
  timeoutMs?: number;
}

export class ShellyWsRpcClient {
  readonly #socket: WebSocket;
  readonly #options: ShellyWsClientOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(notification: Notification) => void>();
  #nextId = 1;
  #auth: AuthState | undefined;
  /** How many 401 challenges this client has had to answer. */
  challenges = 0;
  readonly notifications: Notification[] = [];

  private constructor(socket: WebSocket, options: ShellyWsClientOptions) {
    this.#socket = socket;
    this.#options = options;
    socket.on('message', (data) => this.#onMessage(data.toString()));
    socket.on('close', () => {
      for (const pending of this.#pending.values()) {
        clearTimeout(pending.timer);
        pending.reject(new Error('connection closed'));
      }
      this.#pending.clear();
    });
  }

  /** Opens `ws://host:port/rpc`. */
  static connect(url: string, options: ShellyWsClientOptions): Promise<ShellyWsRpcClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: options.timeoutMs ?? 3000, maxPayload: 1 << 20 });
      socket.once('open', () => resolve(new ShellyWsRpcClient(socket, options)));
      socket.once('error', reject);
    });
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Calls `method`, answering a digest challenge once when a password is configured. */
  async call(method: string, params?: Record<string, unknown>): Promise<unknown> {
    let frame = await this.#request(method, params);
    if (isError(frame) && frame.error.code === 401 && this.#options.password !== undefined) {
      this.challenges += 1;
      this.#answerChallenge(frame.error.message);
      frame = await this.#request(method, params);
    }
    if (isError(frame)) throw new ShellyRpcCallError(method, frame.error.code, frame.error.message);
    return frame.result;
  }

  /** Calls `listener` for every notification frame (NotifyStatus, NotifyFullStatus, NotifyEvent). */
  onNotification(listener: (notification: Notification) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The first notification (already received or coming) that `match` accepts. */
  waitForNotification(match: (notification: Notification) => boolean, timeoutMs = 3000): Promise<Notification> {
    const seen = this.notifications.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no matching notification within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.onNotification((notification) => {
        if (!match(notification)) return;
        clearTimeout(timer);
        stop();
        resolve(notification);
      });
    });
  }

  close(): void {
    this.#socket.close();
  }

  #request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const frame: Record<string, unknown> = { id, src: this.#options.src, method };
    if (params !== undefined) frame.params = params;
    if (this.#auth) frame.auth = this.#authObject();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer within ${this.#options.timeoutMs ?? 3000} ms`));
      }, this.#options.timeoutMs ?? 3000);
      this.#pending.set(id, { resolve, reject, timer });
      this.#socket.send(JSON.stringify(frame));
    });
  }

  /** The challenge is a JSON string in `error.message`: `{auth_type, nonce, nc, realm, algorithm}`. */
  #answerChallenge(message: string): void {
    const challenge = JSON.parse(message) as { nonce: number; nc?: number; realm: string; algorithm: string };
    if (challenge.algorithm !== 'SHA-256') throw new Error(`unsupported algorithm ${challenge.algorithm}`);
    this.#auth = {
      realm: challenge.realm,
      ha1: sha256(`admin:${challenge.realm}:${this.#options.password ?? ''}`),
      nonce: challenge.nonce,
      nc: challenge.nc ?? 1,
    };
  }

  /** `response = SHA256(ha1:nonce:nc:cnonce:auth:SHA256("dummy_method:dummy_uri"))`; nc moves on every use. */
  #authObject(): Record<string, unknown> {
    const auth = this.#auth as AuthState;
    const cnonce = randomBytes(16).toString('base64');
    const ha2 = sha256('dummy_method:dummy_uri');
    const response = sha256(`${auth.ha1}:${auth.nonce}:${auth.nc}:${cnonce}:auth:${ha2}`);
    const object = {
      realm: auth.realm,
      username: 'admin',
      nonce: auth.nonce,
      nc: auth.nc,
      cnonce,
      response,
      algorithm: 'SHA-256',
    };
    auth.nc += 1;
    return object;
  }

  #onMessage(text: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof frame.method === 'string' && frame.id === undefined) {
      const notification: Notification = {
        method: frame.method,
        params: (frame.params ?? {}) as Record<string, unknown>,
        src: frame.src,
        dst: frame.dst,
      };
      this.notifications.push(notification);
      for (const listener of [...this.#listeners]) listener(notification);
      return;
    }
    const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined;
    if (!pending || typeof frame.id !== 'number') return;
    this.#pending.delete(frame.id);
    clearTimeout(pending.timer);
    pending.resolve(frame);
  }
}

function isError(frame: Record<string, unknown>): frame is { error: { code: number; message: string } } {
  const error = frame.error as { code?: unknown } | undefined;
  return typeof error === 'object' && error !== null && typeof error.code === 'number';
}
