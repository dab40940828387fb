import type { Socket } from 'node:net';
import type { Endpoint } from '../../errors/index.ts';
import { DeviceTimeoutError, DeviceUnreachableError, ProtocolError } from '../../errors/index.ts';
import { abortReason } from '../../net/abort.ts';
import { connectTo } from '../../net/tcp-exchange.ts';

export interface ConversationOptions {
  host: string;
  port: number;
  /** Deadline of each step (connect, each `readUntil`). */
  timeoutMs: number;
  /** Byte budget for everything the peer sends over the whole conversation. */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * A bounded back-and-forth over one TCP connection, for protocols that need several turns on the same socket
 * (a telnet login, RESP AUTH then PING). tcpExchange covers the single request/answer case; this keeps its rules:
 * every step has a deadline, the peer's total output is capped, and failures are typed errors naming host and port.
 */
export class TcpConversation {
  readonly endpoint: Endpoint;
  readonly #socket: Socket;
  readonly #options: ConversationOptions;
  #buffer: Buffer = Buffer.alloc(0);
  #received = 0;
  #ended = false;
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  private constructor(socket: Socket, options: ConversationOptions) {
    this.#socket = socket;
    this.#options = options;
    this.endpoint = { host: options.host, port: options.port };
    socket.on('data', (chunk: Buffer) => {
      this.#received += chunk.length;
      if (this.#received > options.maxBytes) {
        this.#fail(new ProtocolError(this.endpoint, `answer exceeds ${options.maxBytes} bytes`));
        return;
      }
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#ended = true;
      if (!this.#failure && this.#buffer.length === 0) {
        this.#failure = new ProtocolError(this.endpoint, `connection failed: ${error.code ?? error.message}`, error);
      }
      this.#wake?.();
    });
  }

  /**
   * Connects within `timeoutMs`; refused or unreachable (or a port that is no port) becomes
   * DeviceUnreachableError. An already aborted signal rejects before any connection is opened.
   */
  static open(options: ConversationOptions): Promise<TcpConversation> {
    const endpoint = { host: options.host, port: options.port };
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    let socket: Socket;
    try {
      socket = connectTo(endpoint);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const done = (error?: unknown): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        if (error) {
          // Whatever the destroyed socket still reports has no one to go to.
          socket.on('error', () => undefined);
          socket.destroy();
          reject(error);
        } else resolve(new TcpConversation(socket, options));
      };
      const onError = (error: NodeJS.ErrnoException): void =>
        done(new DeviceUnreachableError(endpoint, error.code ?? error.message, error));
      socket.once('error', onError);
      const onAbort = (): void => done(abortReason(signal as AbortSignal));
      const timer = setTimeout(
        () => done(new DeviceTimeoutError(endpoint, options.timeoutMs, 'accept')),
        options.timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => done());
    });
  }

  write(data: Buffer | string): void {
    if (!this.#ended) this.#socket.write(data);
  }

  /**
   * Waits until `complete(bytes so far)` is true and returns (and consumes) those bytes. When the peer closes
   * first, returns what it sent; with `partialOnTimeout` a deadline also returns what arrived instead of failing.
   */
  readUntil(
    complete: (received: Buffer) => boolean,
    options: { partialOnTimeout?: boolean; timeoutMs?: number } = {},
  ): Promise<Buffer> {
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    return new Promise((resolve, reject) => {
      const take = (): Buffer => {
        const out = this.#buffer;
        this.#buffer = Buffer.alloc(0);
        return out;
      };
      const finish = (error?: unknown): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        this.#options.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(take());
      };
      const check = (): void => {
        if (this.#failure) {
          finish(this.#failure);
          return;
        }
        let done: boolean;
        try {
          done = complete(this.#buffer);
        } catch (error) {
          // A parser throwing on garbage runs inside a socket event: turn it into this read's failure.
          finish(error instanceof Error ? error : new ProtocolError(this.endpoint, String(error)));
          return;
        }
        if (done || this.#ended) finish();
      };
      const signal = this.#options.signal;
      const onAbort = (): void => finish(abortReason(signal as AbortSignal));
      const timer = setTimeout(() => {
        if (options.partialOnTimeout) finish();
        else finish(new DeviceTimeoutError(this.endpoint, timeoutMs));
      }, timeoutMs);
      // A signal that fired between two turns never fires again: check it now, or the read waits for its deadline.
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#wake = check;
      check();
    });
  }

  /** True once the peer closed its side. */
  get ended(): boolean {
    return this.#ended;
  }

  close(): void {
    this.#ended = true;
    this.#socket.destroy();
  }

  #fail(error: Error): void {
    this.#failure = error;
    this.#socket.destroy();
    this.#wake?.();
  }
}
