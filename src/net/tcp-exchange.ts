import { connect, type Socket } from 'node:net';
import { DeviceTimeoutError, DeviceUnreachableError, type Endpoint, ProtocolError } from '../errors/index.ts';
import { abortReason } from './abort.ts';

export interface TcpExchangeOptions {
  host: string;
  port: number;
  /** Bytes to write once connected; omit to only read a banner. */
  send?: Buffer;
  /** Returns true once the bytes read so far form a complete answer; a throw is the peer's protocol error. */
  complete: (received: Buffer) => boolean;
  /** Whole-exchange deadline: connect, write and every byte of the answer. */
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** Resolve with what arrived when the deadline passes instead of failing (banner grabs). */
  partialOnTimeout?: boolean;
}

/**
 * Opens a TCP connection for a device exchange, or fails with DeviceUnreachableError: net.connect throws at once
 * for a port outside 1-65535, which a device can name (an mDNS SRV record, a redirect).
 */
export function connectTo(endpoint: Endpoint): Socket {
  if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65_535) {
    throw new DeviceUnreachableError(endpoint, `${endpoint.port} is not a TCP port`);
  }
  return connect({ host: endpoint.host, port: endpoint.port });
}

/**
 * One request/answer over a raw TCP connection (Kasa 9999, telnet banners, RTSP, MongoDB, Redis, ESPHome).
 * Bounded in time and size; the peer closing early returns what it sent. An already aborted signal rejects before
 * any connection is opened.
 */
export function tcpExchange(options: TcpExchangeOptions): Promise<Buffer> {
  const endpoint = { host: options.host, port: options.port };
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  let socket: Socket;
  try {
    socket = connectTo(endpoint);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let connected = false;
    const finish = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    // The error listener goes on first, so nothing the socket does from here on can escape as an 'error' event.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) finish(new DeviceUnreachableError(endpoint, error.code ?? error.message, error));
      else if (chunks.length > 0) finish(undefined);
      else finish(new ProtocolError(endpoint, `connection failed: ${error.code ?? error.message}`, error));
    });
    const onAbort = (): void => finish(abortReason(signal as AbortSignal));
    const timer = setTimeout(() => {
      if (options.partialOnTimeout && connected) finish(undefined);
      else finish(new DeviceTimeoutError(endpoint, options.timeoutMs));
    }, options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      connected = true;
      if (options.send) socket.write(options.send);
    });
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) {
        finish(new ProtocolError(endpoint, `answer exceeds ${options.maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
      const done = isComplete(options.complete, chunks, endpoint);
      if (done !== false) finish(done === true ? undefined : done);
    });
    socket.on('end', () => finish(undefined));
  });
}

/**
 * Whether the answer is complete, or the error a throwing framing check becomes: it runs inside a socket event,
 * where a throw would be an uncaught exception that ends the whole scan.
 */
function isComplete(complete: (received: Buffer) => boolean, chunks: Buffer[], endpoint: Endpoint): boolean | Error {
  try {
    return complete(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return new ProtocolError(endpoint, `answer cannot be framed: ${detail}`, error);
  }
}
