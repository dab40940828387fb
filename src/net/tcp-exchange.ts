import { connect } from 'node:net';
import { DeviceTimeoutError, DeviceUnreachableError, ProtocolError } from '../errors/index.ts';

export interface TcpExchangeOptions {
  host: string;
  port: number;
  /** Bytes to write once connected; omit to only read a banner. */
  send?: Buffer;
  /** Returns true once the bytes read so far form a complete answer. */
  complete: (received: Buffer) => boolean;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** Resolve with what arrived when the deadline passes instead of failing (banner grabs). */
  partialOnTimeout?: boolean;
}

/**
 * One request/answer over a raw TCP connection (Kasa 9999, telnet banners, RTSP, MongoDB, Redis, ESPHome).
 * Bounded in time and size; the peer closing early returns what it sent.
 */
export function tcpExchange(options: TcpExchangeOptions): Promise<Buffer> {
  const endpoint = { host: options.host, port: options.port };
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let connected = false;
    const socket = connect({ host: options.host, port: options.port });
    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onAbort = (): void => finish(options.signal?.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      if (options.partialOnTimeout && connected) finish(undefined);
      else finish(new DeviceTimeoutError(endpoint, options.timeoutMs));
    }, options.timeoutMs);
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
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
      if (options.complete(Buffer.concat(chunks))) finish(undefined);
    });
    socket.on('end', () => finish(undefined));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) finish(new DeviceUnreachableError(endpoint, error.code ?? error.message, error));
      else if (chunks.length > 0) finish(undefined);
      else finish(new ProtocolError(endpoint, `connection failed: ${error.code ?? error.message}`, error));
    });
  });
}
