import type { Socket } from 'node:net';
import { DeviceTimeoutError, DeviceUnreachableError, type Endpoint, ProtocolError } from '../../errors/index.ts';
import { abortReason } from '../../net/abort.ts';
import { connectTo } from '../../net/tcp-exchange.ts';
import type { ExchangeLimits } from '../device-adapter.ts';

/** One parsed unit off the wire and how many bytes it took; undefined while more bytes are needed. */
export type FrameParser<T> = (buffer: Buffer) => { value: T; length: number } | undefined;

/**
 * A TCP conversation with a node on port 6053 where each side speaks in turn (handshake, requests, streams), which
 * the one-shot tcpExchange cannot do. Bounded as every device exchange is: one deadline for the whole conversation
 * from connect to the last read (`timeoutMs`), a budget for every byte received (`maxBytes`), and the caller's
 * signal. After any failure the socket is gone and every later call fails the same way.
 */
export class EsphomeApiSocket {
  readonly endpoint: Endpoint;
  readonly #socket: Socket;
  readonly #limits: ExchangeLimits;
  #buffer: Buffer = Buffer.alloc(0);
  #received = 0;
  #ended = false;
  #failure: unknown;
  #wake: (() => void) | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #onAbort: () => void;

  private constructor(endpoint: Endpoint, socket: Socket, limits: ExchangeLimits) {
    this.endpoint = endpoint;
    this.#socket = socket;
    this.#limits = limits;
    this.#timer = setTimeout(() => this.#fail(new DeviceTimeoutError(endpoint, limits.timeoutMs)), limits.timeoutMs);
    this.#onAbort = () => this.#fail(abortReason(limits.signal));
    limits.signal.addEventListener('abort', this.#onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => this.#data(chunk));
    socket.on('end', () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#notify();
    });
  }

  /** Connects within the deadline; DeviceUnreachableError when the node refuses or cannot be reached. */
  static open(endpoint: Endpoint, limits: ExchangeLimits): Promise<EsphomeApiSocket> {
    if (limits.signal.aborted) return Promise.reject(abortReason(limits.signal));
    let socket: Socket;
    try {
      socket = connectTo(endpoint);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const conversation = new EsphomeApiSocket(endpoint, socket, limits);
      const early = (error: NodeJS.ErrnoException): void => {
        conversation.#fail(new DeviceUnreachableError(endpoint, error.code ?? error.message, error));
      };
      // Before the connection stands, a deadline, an abort or a refusal all end in 'close'.
      const closedEarly = (): void => reject(conversation.#failure ?? new DeviceUnreachableError(endpoint, 'closed'));
      socket.once('error', early);
      socket.once('close', closedEarly);
      socket.once('connect', () => {
        socket.off('error', early);
        socket.off('close', closedEarly);
        socket.on('error', (error: NodeJS.ErrnoException) =>
          conversation.#fail(new ProtocolError(endpoint, `connection failed: ${error.code ?? error.message}`, error)),
        );
        if (conversation.#failure) reject(conversation.#failure);
        else resolve(conversation);
      });
    });
  }

  write(bytes: Buffer): void {
    if (this.#failure === undefined && !this.#socket.destroyed) this.#socket.write(bytes);
  }

  /**
   * The next unit `parse` finds in what the node sent. `closedMidway` names what was being read, for the error when
   * the node closes the connection first. A parser that throws (garbage) fails the conversation.
   */
  async read<T>(parse: FrameParser<T>, closedMidway: string): Promise<T> {
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure;
      let parsed: { value: T; length: number } | undefined;
      try {
        parsed = parse(this.#buffer);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        this.#fail(new ProtocolError(this.endpoint, detail, error));
        throw this.#failure;
      }
      if (parsed) {
        this.#buffer = this.#buffer.subarray(parsed.length);
        return parsed.value;
      }
      if (this.#ended) {
        this.#fail(new ProtocolError(this.endpoint, `the node closed the connection ${closedMidway}`));
        throw this.#failure;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** The first byte the node sent, once it sent one (which transport it speaks); undefined if it closed first. */
  async firstByte(): Promise<number | undefined> {
    return this.read((buffer) => {
      if (buffer.length > 0) return { value: buffer[0], length: 0 };
      return this.#ended ? { value: undefined, length: 0 } : undefined;
    }, 'before answering');
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#limits.signal.removeEventListener('abort', this.#onAbort);
    this.#socket.destroy();
    this.#ended = true;
    this.#notify();
  }

  #data(chunk: Buffer): void {
    this.#received += chunk.length;
    if (this.#received > this.#limits.maxBytes) {
      this.#fail(new ProtocolError(this.endpoint, `the node sent more than ${this.#limits.maxBytes} bytes`));
      return;
    }
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#notify();
  }

  #fail(error: unknown): void {
    if (this.#failure === undefined) this.#failure = error;
    this.close();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
