import { IotwardenError } from '../errors/index.ts';
import { type HttpResponse, requestHttp } from '../net/http-client.ts';
import { DNS_SOURCE_ERROR_CODES, DnsSourceError } from './source-errors.ts';

/** A sinkhole's base URL split for requestHttp: `http://127.77.1.2:8080/admin` → host, port, tls, path prefix. */
export interface ApiBase {
  /** As the user wrote it, without credentials: names the source in messages and in dns_sources. */
  location: string;
  host: string;
  port: number;
  tls: boolean;
  prefix: string;
}

export function parseApiBase(url: string): ApiBase {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new DnsSourceError(DNS_SOURCE_ERROR_CODES.format, url, 'is not a URL (expected e.g. http://pi.hole).', error);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DnsSourceError(DNS_SOURCE_ERROR_CODES.format, url, 'must start with http:// or https://.');
  }
  if (parsed.username || parsed.password) {
    // A password in a URL ends up in shell history and process lists.
    throw new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.format,
      `${parsed.protocol}//${parsed.host}`,
      'must not carry credentials; put the password in iotwarden.yaml or the environment.',
    );
  }
  const tls = parsed.protocol === 'https:';
  return {
    location: `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : tls ? 443 : 80,
    tls,
    prefix: parsed.pathname.replace(/\/+$/, ''),
  };
}

export interface ApiRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal;
}

/** One bounded request to a sinkhole's API; transport failures become ERR_DNS_SOURCE_UNREACHABLE. */
export async function apiRequest(base: ApiBase, request: ApiRequest): Promise<HttpResponse> {
  const options: Parameters<typeof requestHttp>[0] = {
    host: base.host,
    port: base.port,
    tls: base.tls,
    path: `${base.prefix}${request.path}`,
    method: request.method ?? 'GET',
    headers: { accept: 'application/json', ...request.headers },
    timeoutMs: request.timeoutMs,
    maxBytes: request.maxBytes,
    signal: request.signal,
  };
  if (request.body !== undefined) options.body = request.body;
  try {
    return await requestHttp(options);
  } catch (error) {
    if (request.signal.aborted) throw error;
    const detail = error instanceof IotwardenError ? error.message : String(error);
    throw new DnsSourceError(DNS_SOURCE_ERROR_CODES.unreachable, base.location, `request failed: ${detail}`, error);
  }
}

/** The parsed JSON body, or ERR_DNS_SOURCE_UNREACHABLE naming the path when it is not JSON. */
export function jsonBody(base: ApiBase, response: HttpResponse, path: string): unknown {
  try {
    return response.json();
  } catch (error) {
    throw new DnsSourceError(DNS_SOURCE_ERROR_CODES.unreachable, base.location, `${path} answered non-JSON`, error);
  }
}
