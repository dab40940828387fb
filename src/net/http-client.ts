import { type ClientRequest, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DeviceTimeoutError, DeviceUnreachableError, type Endpoint, ProtocolError } from '../errors/index.ts';
import { parseBoundedJson } from '../util/parse-bounded-json.ts';
import { abortReason } from './abort.ts';

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
 * The most header bytes a device may send: Node's own default (16 KiB, `--max-http-header-size`), pinned here so
 * that a process flag cannot widen it. A larger header fails at once with HPE_HEADER_OVERFLOW.
 */
const MAX_HEADER_BYTES = 16 * 1024;

/** Errors that mean nothing answered at the address, as opposed to a device that answered badly. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * One bounded HTTP exchange with a device. Built on node:http rather than fetch so that a byte limit, a hard
 * deadline and a reset mid-body all turn into typed errors instead of hangs. An already aborted signal rejects
 * before any connection is opened.
 */
export function requestHttp(options: HttpRequestOptions): Promise<HttpResponse> {
  const endpoint = { host: options.host, port: options.port };
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  let req: ClientRequest;
  try {
    req = openRequest(options);
  } catch (error) {
    // node:http checks the path and headers before it connects (ERR_UNESCAPED_CHARACTERS, ERR_INVALID_CHAR); both
    // can come from a device (a URL in its answer), so they are the device's protocol failure, not a crash.
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return Promise.reject(new ProtocolError(endpoint, `HTTP ${describe(options)} cannot be sent: ${code}`, error));
  }
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (response) resolve(response);
      else {
        req.destroy();
        reject(error);
      }
    };
    // The error listener goes on first: destroying a request (deadline, abort, byte cap) emits 'error' later on.
    req.on('error', (error: NodeJS.ErrnoException) => finish(requestFailure(error, endpoint, options)));
    const onAbort = (): void => finish(abortReason(signal as AbortSignal));
    const timer = setTimeout(() => finish(new DeviceTimeoutError(endpoint, options.timeoutMs)), options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => readResponse(res, endpoint, options, finish));
    req.end(options.body);
  });
}

function describe(options: HttpRequestOptions): string {
  return `${options.method ?? 'GET'} ${options.path}`;
}

function openRequest(options: HttpRequestOptions): ClientRequest {
  const headers: Record<string, string> = { connection: 'close', ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const make = options.tls ? httpsRequest : httpRequest;
  return make({
    host: options.host,
    port: options.port,
    path: options.path,
    method: options.method ?? 'GET',
    headers,
    agent: false,
    rejectUnauthorized: false,
    maxHeaderSize: MAX_HEADER_BYTES,
  });
}

function requestFailure(error: NodeJS.ErrnoException, endpoint: Endpoint, options: HttpRequestOptions): Error {
  const code = error.code ?? '';
  if (UNREACHABLE_CODES.has(code)) return new DeviceUnreachableError(endpoint, code, error);
  return new ProtocolError(endpoint, `HTTP ${describe(options)} failed: ${code || error.message}`, error);
}

/** Collects the body up to `maxBytes`, then hands the response (or the reason it broke off) to `finish`. */
function readResponse(
  res: IncomingMessage,
  endpoint: Endpoint,
  options: HttpRequestOptions,
  finish: (error: unknown, response?: HttpResponse) => void,
): void {
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
  res.on('end', () => finish(undefined, httpResponse(res, Buffer.concat(chunks), endpoint, options.path)));
}

function httpResponse(res: IncomingMessage, body: Buffer, endpoint: Endpoint, path: string): HttpResponse {
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body,
    text: () => body.toString('utf8'),
    json: () => {
      try {
        return parseBoundedJson(body.toString('utf8'));
      } catch (error) {
        throw new ProtocolError(endpoint, `${path} answered invalid JSON`, error);
      }
    },
  };
}
