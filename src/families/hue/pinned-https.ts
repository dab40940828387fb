/**
 * HTTPS to a device whose certificate is pinned: the TLS handshake completes and the presented certificate's
 * SHA-256 fingerprint is compared with the pin before a single byte of the request (which carries the application
 * key) is written. A host with any other certificate gets nothing. Used for every Hue call that carries a key.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type TLSSocket } from 'node:tls';
import { DeviceTimeoutError, DeviceUnreachableError, ProtocolError } from '../../errors/index.ts';
import type { HttpResponse } from '../../net/http-client.ts';

export interface PinnedRequestOptions {
  host: string;
  /** The port to connect to (a lab shifts 443). */
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The fingerprint the peer must present (CertificateFacts.sha256). */
  sha256: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal | undefined;
}

/** The body of a response, cut off (ProtocolError) past `maxBytes`. */
function readResponse(
  res: IncomingMessage,
  options: PinnedRequestOptions,
  done: (e?: Error, r?: HttpResponse) => void,
) {
  const endpoint = { host: options.host, port: options.port };
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > options.maxBytes)
      done(new ProtocolError(endpoint, `HTTPS body of ${options.path} exceeds ${options.maxBytes} bytes`));
    else chunks.push(chunk);
  });
  res.on('error', (error) => done(new ProtocolError(endpoint, `HTTPS body of ${options.path} broke off`, error)));
  res.on('end', () => {
    const body = Buffer.concat(chunks);
    done(undefined, {
      status: res.statusCode ?? 0,
      headers: res.headers,
      body,
      text: () => body.toString('utf8'),
      json: () => {
        try {
          return JSON.parse(body.toString('utf8'));
        } catch (error) {
          throw new ProtocolError(endpoint, `${options.path} answered invalid JSON`, error);
        }
      },
    });
  });
}

/** Sends the request over a socket whose certificate was already checked. */
function send(socket: TLSSocket, options: PinnedRequestOptions, done: (e?: Error, r?: HttpResponse) => void): void {
  const headers: Record<string, string> = { connection: 'close', ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const req = httpRequest({
    host: options.host,
    port: options.port,
    path: options.path,
    method: options.method ?? 'GET',
    headers,
    createConnection: () => socket,
  });
  req.on('error', (error) =>
    done(new ProtocolError({ host: options.host, port: options.port }, `HTTPS ${options.path} failed`, error)),
  );
  req.on('response', (res) => readResponse(res, options, done));
  req.end(options.body);
}

/** One bounded HTTPS exchange with a device presenting exactly the pinned certificate. */
export function pinnedHttpsRequest(options: PinnedRequestOptions): Promise<HttpResponse> {
  const endpoint = { host: options.host, port: options.port };
  return new Promise<HttpResponse>((resolve, reject) => {
    options.signal?.throwIfAborted();
    let settled = false;
    const socket = connect({ host: options.host, port: options.port, rejectUnauthorized: false });
    const done = (error?: Error, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else if (response) resolve(response);
    };
    const onAbort = (): void => done(options.signal?.reason ?? new Error('aborted'));
    const timer = setTimeout(() => done(new DeviceTimeoutError(endpoint, options.timeoutMs)), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done(
        error.code === 'ECONNREFUSED'
          ? new DeviceUnreachableError(endpoint, error.code, error)
          : new ProtocolError(endpoint, `TLS failed: ${error.code ?? error.message}`, error),
      ),
    );
    socket.once('secureConnect', () => {
      const presented = socket.getPeerX509Certificate()?.fingerprint256;
      if (presented !== options.sha256) {
        done(
          new ProtocolError(
            endpoint,
            `the certificate presented (SHA-256 ${presented ?? 'none'}) is not the pinned one: nothing was sent`,
          ),
        );
        return;
      }
      send(socket, options, done);
    });
  });
}
