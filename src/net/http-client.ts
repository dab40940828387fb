import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DeviceTimeoutError, DeviceUnreachableError, ProtocolError } from '../errors/index.ts';

export interface HttpRequestOptions {
  host: string;
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole-exchange deadline: connect, headers and body. */
  timeoutMs: number;
  /** The body is cut off (ProtocolError) past this many bytes: devices can send endless bodies. */
  maxBytes: number;
  signal?: AbortSignal;
  /** HTTPS; device certificates are self-signed, so they are not verified here (TLS inspection is separate). */
  tls?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  /** Parses the body as JSON; garbage becomes a ProtocolError naming host and port. */
  json(): unknown;
}

/**
 * One bounded HTTP exchange with a device. Built on node:http rather than fetch so that a byte limit, a hard
 * deadline and a reset mid-body all turn into typed errors instead of hangs.
 */
export function requestHttp(options: HttpRequestOptions): Promise<HttpResponse> {
  const endpoint = { host: options.host, port: options.port };
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else if (response) resolve(response);
    };
    const onAbort = (): void => finish(options.signal?.reason ?? new Error('aborted'));
    const make = options.tls ? httpsRequest : httpRequest;
    const body = options.body;
    const headers: Record<string, string> = { connection: 'close', ...options.headers };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = make({
      host: options.host,
      port: options.port,
      path: options.path,
      method: options.method ?? 'GET',
      headers,
      agent: false,
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => finish(new DeviceTimeoutError(endpoint, options.timeoutMs)), options.timeoutMs);
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) {
        finish(new DeviceUnreachableError(endpoint, code, error));
      } else {
        finish(
          new ProtocolError(
            endpoint,
            `HTTP ${options.method ?? 'GET'} ${options.path} failed: ${code || error.message}`,
            error,
          ),
        );
      }
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          finish(new ProtocolError(endpoint, `HTTP body of ${options.path} exceeds ${options.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) =>
        finish(new ProtocolError(endpoint, `HTTP body of ${options.path} broke off: ${error.message}`, error)),
      );
      res.on('aborted', () => finish(new ProtocolError(endpoint, `HTTP body of ${options.path} broke off`)));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: buffer,
          text: () => buffer.toString('utf8'),
          json: () => {
            try {
              return JSON.parse(buffer.toString('utf8'));
            } catch (error) {
              throw new ProtocolError(endpoint, `${options.path} answered invalid JSON`, error);
            }
          },
        });
      });
    });
    req.end(body);
  });
}
