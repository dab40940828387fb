import { connect, type Socket } from 'node:net';
import { DeviceTimeoutError, DeviceUnreachableError, ProtocolError } from '../../errors/index.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import { decode55aa, encode55aa, type Frame55aa, type Integrity } from './frame.ts';

/**
 * One TCP connection to a Tuya device's port 6668, frame by frame: every read has the caller's deadline, signal and
 * byte budget, and a frame that fails its CRC or HMAC ends the session with a ProtocolError (a device does not
 * send broken frames; a broken one means a wrong key or something that is not a Tuya device).
 */
export class TuyaTcpSession {
  readonly #socket: Socket;
  readonly #limits: ExchangeLimits;
  readonly #endpoint: { host: string; port: number };
  #buffer = Buffer.alloc(0);
  #received = 0;
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  private constructor(socket: Socket, endpoint: { host: string; port: number }, limits: ExchangeLimits) {
    this.#socket = socket;
    this.#endpoint = endpoint;
    this.#limits = limits;
    socket.on('data', (chunk: Buffer) => {
      this.#received += chunk.length;
      if (this.#received > limits.maxBytes) {
        this.#fail(new ProtocolError(endpoint, `answer exceeds ${limits.maxBytes} bytes`));
        return;
      }
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('error', (error) => this.#fail(new DeviceUnreachableError(endpoint, error.message, error)));
    socket.on('close', () => this.#fail(new ProtocolError(endpoint, 'the device closed the connection')));
  }

  /** Connects, within the deadline and the signal. */
  static open(host: string, port: number, limits: ExchangeLimits): Promise<TuyaTcpSession> {
    limits.signal.throwIfAborted();
    const endpoint = { host, port };
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const done = (error?: unknown): void => {
        clearTimeout(timer);
        limits.signal.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve(new TuyaTcpSession(socket, endpoint, limits));
      };
      const onAbort = (): void => done(limits.signal.reason);
      const onError = (error: Error): void => done(new DeviceUnreachableError(endpoint, error.message, error));
      const timer = setTimeout(
        () => done(new DeviceTimeoutError(endpoint, limits.timeoutMs, 'accept')),
        limits.timeoutMs,
      );
      limits.signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once('connect', () => done());
    });
  }

  send(frame: Frame55aa, integrity: Integrity): void {
    this.#socket.write(encode55aa(frame, integrity));
  }

  /** The next frame from the device, checked with `integrity`; frames of other commands are skipped. */
  async receive(integrity: Integrity, wanted: readonly number[]): Promise<Frame55aa> {
    const deadline = Date.now() + this.#limits.timeoutMs;
    for (;;) {
      const decoded = decode55aa(this.#buffer, integrity, true);
      if (decoded.ok === true) {
        this.#buffer = Buffer.from(decoded.rest);
        if (wanted.includes(decoded.frame.cmd)) return decoded.frame;
        continue;
      }
      if (decoded.ok === false) throw new ProtocolError(this.#endpoint, `bad frame: ${decoded.reason}`);
      if (this.#failure) throw this.#failure;
      await this.#waitForData(deadline);
    }
  }

  close(): void {
    this.#socket.destroy();
  }

  #waitForData(deadline: number): Promise<void> {
    const { signal } = this.#limits;
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const finish = (error?: unknown): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#wake = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => finish(signal.reason);
      const timer = setTimeout(
        () => finish(new DeviceTimeoutError(this.#endpoint, this.#limits.timeoutMs)),
        Math.max(0, deadline - Date.now()),
      );
      signal.addEventListener('abort', onAbort, { once: true });
      this.#wake = () => finish();
      if (this.#failure) finish();
    });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#socket.destroy();
    this.#wake?.();
  }
}
