import type { HttpResponse } from '../../net/http-client.ts';
import { copyJson, jsonPreview } from '../../util/bounded-json.ts';
import { deviceHttp } from '../common/device-http.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';

/** Nanoleaf's OpenAPI port (plain HTTP). */
export const NANOLEAF_PORT = 16021;
/** Shown instead of an auth token in every piece of evidence: the token is a bearer credential. */
export const REDACTED_TOKEN = '<token>';

export interface NanoleafRequest extends ExchangeLimits {
  host: string;
  port: number;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** With `<token>` where the auth token goes; the token is put in only on the wire. */
  path: string;
  token?: string;
  body?: unknown;
}

/** One OpenAPI request, with evidence in which the token (in the path or the answer) never appears. */
export async function nanoleafRequest(
  request: NanoleafRequest,
): Promise<{ response: HttpResponse; body: unknown; evidence: Evidence }> {
  const method = request.method ?? 'GET';
  const path = request.token === undefined ? request.path : request.path.replace(REDACTED_TOKEN, request.token);
  const response = await deviceHttp({
    host: request.host,
    port: request.port,
    path,
    method,
    timeoutMs: request.timeoutMs,
    maxBytes: request.maxBytes,
    signal: request.signal,
    ...(request.body === undefined
      ? {}
      : { body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } }),
  });
  const body = parseBody(response);
  return {
    response,
    body,
    evidence: {
      sent: `${method} http://${request.host}:${NANOLEAF_PORT}${request.path}`,
      received: `${response.status} ${body === undefined ? response.text().slice(0, 120) : jsonPreview(redactToken(body))}`,
    },
  };
}

/** JSON when the body is JSON (Nanoleaf's 401 and 403 answers have empty bodies), else undefined. */
function parseBody(response: HttpResponse): unknown {
  if (response.body.length === 0) return undefined;
  try {
    return response.json();
  } catch {
    return undefined;
  }
}

/** A copy of an answer with any `auth_token` replaced, depth-limited (device JSON is untrusted). */
export function redactToken(body: unknown): unknown {
  return copyJson(body, { leaf: (value, key) => (key === 'auth_token' ? '<redacted>' : value) });
}
