import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import type { HttpResponse } from '../../net/http-client.ts';
import { jsonPreview } from '../../util/bounded-json.ts';
import { deviceHttp } from '../common/device-http.ts';
import type { Evidence } from '../facts.ts';
import { pinnedHttpsRequest } from './pinned-https.ts';
import { HUE_UNAUTHORIZED_USER, hueV1ErrorListSchema } from './schema.ts';

/** Connection limits every Hue request carries. */
export interface HueRequestLimits {
  host: string;
  port: number;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal | undefined;
  /**
   * The bridge's certificate fingerprint: the request goes over HTTPS to `port` (the bridge's 443) and only once the
   * bridge has presented exactly this certificate (pinned-https.ts). Every request that carries a key sets it where
   * the bridge offers HTTPS.
   */
  pin?: string | undefined;
}

/** Shown instead of an application key in every piece of evidence: the key is a bearer credential. */
export const REDACTED_KEY = '<app-key>';

/** One v1 request. `apiKey` is substituted into the path and redacted from the evidence. */
export async function hueV1Request(
  limits: HueRequestLimits,
  options: { method?: string; path: string; apiKey?: string | undefined; body?: unknown },
): Promise<{ response: HttpResponse; body: unknown; evidence: Evidence }> {
  const path =
    options.apiKey === undefined
      ? options.path
      : options.path.replace(REDACTED_KEY, encodeURIComponent(options.apiKey));
  const method = options.method ?? 'GET';
  const request = {
    host: limits.host,
    port: limits.port,
    path,
    method,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
    ...(limits.signal ? { signal: limits.signal } : {}),
    ...(options.body === undefined
      ? {}
      : { body: JSON.stringify(options.body), headers: { 'content-type': 'application/json' } }),
  };
  const response =
    limits.pin === undefined ? await deviceHttp(request) : await pinnedHttpsRequest({ ...request, sha256: limits.pin });
  const body = response.json();
  const shownBody = options.body === undefined ? '' : ` ${JSON.stringify(options.body)}`;
  const scheme = limits.pin === undefined ? 'http' : 'https';
  return {
    response,
    body,
    evidence: {
      sent: `${method} ${scheme}://${limits.host}:${limits.port}${options.path}${shownBody}`,
      received: `${response.status} ${jsonPreview(redactHueConfig(body))}`,
    },
  };
}

/** The v1 error list in `body`, if it is one. */
export function hueV1Errors(body: unknown): Array<{ type: number; address: string; description: string }> {
  const parsed = hueV1ErrorListSchema.safeParse(body);
  return parsed.success ? parsed.data.map((item) => item.error) : [];
}

/**
 * Switches the bridge's own firmware auto-install (`swupdate2.autoinstall.on`) with PUT /api/<key>/config.
 * Resolves with the evidence of the change; a key the bridge does not accept is a DeviceAuthError, any other
 * refusal a ProtocolError.
 */
export async function setHueAutoInstall(limits: HueRequestLimits & { apiKey: string }, on: boolean): Promise<Evidence> {
  const endpoint = { host: limits.host, port: limits.port };
  const { body, evidence } = await hueV1Request(limits, {
    method: 'PUT',
    path: `/api/${REDACTED_KEY}/config`,
    apiKey: limits.apiKey,
    body: { swupdate2: { autoinstall: { on } } },
  });
  const errors = hueV1Errors(body);
  if (errors.some((e) => e.type === HUE_UNAUTHORIZED_USER)) {
    throw new DeviceAuthError(endpoint, 'the Hue application key is not on the bridge whitelist');
  }
  const confirmed =
    Array.isArray(body) &&
    body.some(
      (item) => (item as { success?: Record<string, unknown> })?.success?.['/config/swupdate2/autoinstall/on'] === on,
    );
  if (!confirmed) {
    throw new ProtocolError(endpoint, `bridge did not confirm autoinstall ${on}: ${evidence.received}`);
  }
  return evidence;
}

/**
 * A copy of a v1 config with the whitelist's keys replaced: each one is an application key that controls the
 * bridge. The app names stay, they tell the owner which apps are paired.
 */
export function redactHueConfig(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const whitelist = copy.whitelist;
  if (whitelist !== null && typeof whitelist === 'object') {
    copy.whitelist = Object.fromEntries(
      Object.values(whitelist as Record<string, unknown>).map((entry, index) => [
        `${REDACTED_KEY}-${index + 1}`,
        entry,
      ]),
    );
  }
  return copy;
}
