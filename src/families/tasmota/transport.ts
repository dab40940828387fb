import { copyJson, jsonPreview } from '../../util/bounded-json.ts';
import { parseBoundedJson } from '../../util/parse-bounded-json.ts';
import { deviceHttp } from '../common/device-http.ts';
import type { Evidence } from '../facts.ts';

/** Tasmota's fixed web user (WEB_USERNAME). */
export const TASMOTA_USER = 'admin';

/** The 401 body of `/cm` when a web password is set (xdrv_01_9_webserver.ino, HandleHttpCommand). */
export const NEED_PASSWORD_WARNING = 'Need user=<username>&password=<password>';

export interface TasmotaCommandResult {
  status: number;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  evidence: Evidence;
}

export interface TasmotaCommandOptions {
  host: string;
  port: number;
  command: string;
  /** The web password; sent as `user=admin&password=…` query parameters, the way Tasmota's own WebSend does. */
  password?: string | undefined;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** Runs one command over `/cm`. The password never reaches the evidence. */
export async function tasmotaCommand(options: TasmotaCommandOptions): Promise<TasmotaCommandResult> {
  const query = new URLSearchParams();
  if (options.password !== undefined) {
    query.set('user', TASMOTA_USER);
    query.set('password', options.password);
  }
  query.set('cmnd', options.command);
  // URLSearchParams writes spaces as '+'; Tasmota decodes both, '%20' matches what its own docs show.
  const path = `/cm?${query.toString().replace(/\+/g, '%20')}`;
  const response = await deviceHttp({
    host: options.host,
    port: options.port,
    path,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let body: unknown;
  try {
    body = parseBoundedJson(response.text());
  } catch {
    body = undefined;
  }
  const shownPath = options.password === undefined ? path : path.replace(/password=[^&]*/, 'password=***');
  return {
    status: response.status,
    body,
    evidence: {
      sent: `GET http://${options.host}:${options.port}${shownPath}`,
      received: `${response.status} ${body === undefined ? trim(response.text()) : jsonPreview(redactTasmota(body))}`,
    },
  };
}

/** True for Tasmota's own 401 answer: it proves the device is Tasmota even without the password. */
export function isTasmotaPasswordChallenge(result: TasmotaCommandResult): boolean {
  return (
    result.status === 401 &&
    typeof result.body === 'object' &&
    result.body !== null &&
    (result.body as Record<string, unknown>).WARNING === NEED_PASSWORD_WARNING
  );
}

const SECRET_KEY = /pass|pwd|secret|token|key$/i;

/** A deep copy with every password-like value replaced, for config and evidence; iterative and depth-limited. */
export function redactTasmota(value: unknown): unknown {
  return copyJson(value, {
    leaf: (node, key) =>
      key !== undefined && SECRET_KEY.test(key) && typeof node === 'string' && node !== '' ? '<redacted>' : node,
  });
}

function trim(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
