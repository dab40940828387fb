/**
 * The two ways out: a generic webhook (JSON, signed) and ntfy (a POST to a topic URL). Each call has a timeout and
 * reads at most a few KiB of the answer; redirects are not followed, so a target is only ever the URL the config
 * names. Secrets come from the environment by name and are never logged or stored.
 *
 * Webhook signature: `X-Iotwarden-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`. The body carries
 * `sentAt` (ms), repeated in `X-Iotwarden-Timestamp`; as the HMAC covers the body, a receiver that rejects a
 * timestamp more than five minutes old (or one it has seen) cannot be fooled by a replay.
 * ntfy: the message is the body; `Title`, `Priority` (1-5) and `Tags` are headers (https://docs.ntfy.sh/publish/).
 */
import { createHmac } from 'node:crypto';
import type { NotifyTarget } from '../../config/notify-config-schema.ts';
import { IotwardenError } from '../../errors/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import type { NotifyEvent } from './notify-event.ts';
import { withoutUrl } from './redact-url.ts';

export const SEND_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 8 * 1024;

export interface SendEnvironment {
  env: NodeJS.ProcessEnv;
  nowMs: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class DeliveryError extends IotwardenError {
  constructor(message: string, cause?: unknown) {
    super('ERR_NOTIFY_DELIVERY', message, { cause });
  }
}

export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export async function sendToTarget(target: NotifyTarget, event: NotifyEvent, environment: SendEnvironment) {
  const request =
    target.kind === 'webhook' ? webhookRequest(target, event, environment) : ntfyRequest(target, event, environment);
  await post(target, request, environment);
}

function webhookRequest(
  target: Extract<NotifyTarget, { kind: 'webhook' }>,
  event: NotifyEvent,
  environment: SendEnvironment,
) {
  const secret = environment.env[target.secretEnv];
  if (!secret)
    throw new DeliveryError(
      `${target.name}: the environment variable ${target.secretEnv} (the webhook secret) is not set`,
    );
  const body = JSON.stringify({
    sentAt: environment.nowMs,
    event: {
      key: event.key,
      kind: event.kind,
      severity: event.severity,
      time: new Date(event.timeMs).toISOString(),
      title: event.title,
      body: event.body,
      deviceId: event.deviceId,
      data: event.data ?? null,
    },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-iotwarden-timestamp': String(environment.nowMs),
      'x-iotwarden-signature': webhookSignature(secret, body),
      'x-iotwarden-event': event.kind,
    } as Record<string, string>,
  };
}

const NTFY_PRIORITY: Record<string, string> = { critical: '5', high: '4', medium: '3', low: '2', info: '1' };

function ntfyRequest(
  target: Extract<NotifyTarget, { kind: 'ntfy' }>,
  event: NotifyEvent,
  environment: SendEnvironment,
) {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(sanitizeText(event.title, { maxLength: 200 })),
    priority: NTFY_PRIORITY[event.severity] ?? '3',
    tags: ['iotwarden', event.kind, event.severity].join(','),
  };
  if (target.tokenEnv) {
    const token = environment.env[target.tokenEnv];
    if (!token)
      throw new DeliveryError(
        `${target.name}: the environment variable ${target.tokenEnv} (the ntfy token) is not set`,
      );
    headers.authorization = `Bearer ${token}`;
  }
  return { body: sanitizeText(event.body, { multiline: true, maxLength: 4000 }), headers };
}

/** A header value is printable ASCII; other text goes as an RFC 2047 encoded word, which ntfy decodes. */
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

async function post(
  target: NotifyTarget,
  request: { body: string; headers: Record<string, string> },
  environment: SendEnvironment,
) {
  const doFetch = environment.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(target.url, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(environment.timeoutMs ?? SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${environment.timeoutMs ?? SEND_TIMEOUT_MS} ms`
        : withoutUrl(describe(error), target.url);
    throw new DeliveryError(`${target.name}: ${reason}`, error);
  }
  const answer = await readLimited(response);
  if (response.status < 200 || response.status >= 300) {
    throw new DeliveryError(
      `${target.name}: HTTP ${response.status}${answer ? ` (${sanitizeText(answer, { maxLength: 200 })})` : ''}`,
    );
  }
}

/** Reads at most MAX_ANSWER_BYTES of the answer, then lets the rest go. */
async function readLimited(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // An answer cut short says nothing more than its status.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND …) is in its cause chain. */
function describe(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) return `cannot connect (${code})`;
    const inner = (current as { errors?: unknown[] }).errors?.[0];
    current = inner ?? (current as { cause?: unknown }).cause;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}
