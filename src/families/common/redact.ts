import { STATUS_CODES } from 'node:http';
import type { HttpResponse } from '../../net/http-client.ts';
import { copyJson } from '../../util/bounded-json.ts';
import { parseBoundedJson } from '../../util/parse-bounded-json.ts';
import type { Evidence } from '../facts.ts';

/**
 * Redaction for what Shelly devices return. Secrets can sit in /settings (`login.password` on 2019 firmware,
 * `wifi_ap.key`, `pin_code` as in the SHGS-1 capture) and in RPC config; they are replaced before anything is kept.
 */

export const REDACTED = '***';

const SECRET_KEYS = /^(password|pass|passwd|pwd|key|psk|pin_code|ha1|token|secret|api_key|apikey)$/i;

/**
 * A deep copy with every non-empty secret value replaced by `"***"`. Iterative and depth-limited (see
 * util/bounded-json.ts): a device answering 100,000 nested levels gets them cut, not a stack overflow.
 */
export function redactSecrets<T>(value: T): T {
  return copyJson(value, {
    leaf: (node, key) =>
      key !== undefined && SECRET_KEYS.test(key) && typeof node === 'string' && node !== '' ? REDACTED : node,
  }) as T;
}

/** Keeps evidence short: ~300 characters is enough to show what the device said. */
export function trimText(text: string, maxChars = 300): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}

/** `200 OK`, `401 Unauthorized`. */
export function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

/** Evidence of one exchange: the request line and the redacted, trimmed answer (or the part of it that matters). */
export function httpEvidence(sent: string, response: HttpResponse, shown?: unknown): Evidence {
  let body: string;
  if (shown !== undefined) body = JSON.stringify(redactSecrets(shown));
  else {
    try {
      body = JSON.stringify(redactSecrets(parseBoundedJson(response.text())));
    } catch {
      body = response.text();
    }
  }
  const challenge = response.headers['www-authenticate'];
  const header = response.status === 401 && challenge ? ` (WWW-Authenticate: ${String(challenge).slice(0, 120)})` : '';
  return { sent, received: trimText(`${statusLine(response.status)}${header} ${body}`.trim()) };
}
