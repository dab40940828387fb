/**
 * The socket home-assistant-js-websocket needs, on Node: Node 20 has no global WebSocket, so the library's own
 * createSocket cannot run, and its ConnectionOptions take ours instead. It performs HA's auth phase
 * (https://developers.home-assistant.io/docs/api/websocket/#authentication-phase): the server sends
 * `auth_required`, we answer `{"type":"auth","access_token":…}`, it answers `auth_ok` (with `ha_version`) or
 * `auth_invalid`. Every step has a deadline and every frame a size limit; failures become SourceErrors that name the
 * URL and never the token.
 */
import type { HaWebSocket } from 'home-assistant-js-websocket';
import WebSocket from 'ws';
import { SOURCE_ERROR_CODES, SourceError } from '../source-error.ts';

export interface HaSocketOptions {
  /** `ws://host:8123/api/websocket`. */
  url: string;
  token: string;
  /** For the whole auth phase. */
  timeoutMs: number;
  /** Largest frame accepted; HA's registries of a large home are a few MiB. */
  maxBytes: number;
}

/** The oldest HA that answers every registry command iotwarden reads (floors arrived in 2024.4). */
export const MIN_HA_VERSION: readonly [number, number] = [2024, 4];

const SOURCE = 'Home Assistant';

/** Opens a socket and completes HA's auth phase; rejects with a SourceError (auth, unreachable, timeout, version). */
export function openHaSocket(options: HaSocketOptions): Promise<HaWebSocket> {
  const fail = (code: (typeof SOURCE_ERROR_CODES)[keyof typeof SOURCE_ERROR_CODES], text: string, cause?: unknown) =>
    new SourceError(code, SOURCE, options.url, text, cause);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(options.url, { maxPayload: options.maxBytes, handshakeTimeout: options.timeoutMs });
    let settled = false;
    const finish = (error: SourceError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('message', onMessage);
      if (error) {
        socket.terminate();
        reject(error);
      } else resolve(socket as unknown as HaWebSocket);
    };
    const timer = setTimeout(
      () => finish(fail(SOURCE_ERROR_CODES.timeout, `no auth_ok within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const onMessage = (data: WebSocket.RawData): void => {
      const message = parse(data);
      if (message?.type === 'auth_required') {
        socket.send(JSON.stringify({ type: 'auth', access_token: options.token }));
      } else if (message?.type === 'auth_invalid') {
        finish(
          fail(
            SOURCE_ERROR_CODES.auth,
            'the access token was refused (auth_invalid); create a new long-lived token in your HA profile',
          ),
        );
      } else if (message?.type === 'auth_ok') {
        const version = typeof message.ha_version === 'string' ? message.ha_version : '';
        if (!atLeast(version, MIN_HA_VERSION)) {
          finish(
            fail(
              SOURCE_ERROR_CODES.version,
              `Home Assistant ${version || '(no version)'} is older than ${MIN_HA_VERSION.join('.')}, the first with floors`,
            ),
          );
          return;
        }
        (socket as unknown as { haVersion: string }).haVersion = version;
        // HA ≥ 2022.9 expects the client to say which features it supports (coalesced messages: none here).
        socket.send(JSON.stringify({ type: 'supported_features', id: 1, features: {} }));
        finish(undefined);
      } else {
        finish(
          fail(SOURCE_ERROR_CODES.version, 'answered something other than the auth phase of the HA WebSocket API'),
        );
      }
    };
    socket.on('message', onMessage);
    socket.on('error', (error) => finish(fail(errorCodeOf(error), `cannot connect: ${describe(error)}`, error)));
    socket.on('close', () =>
      finish(fail(SOURCE_ERROR_CODES.unreachable, 'closed the connection during the auth phase')),
    );
  });
}

function parse(data: WebSocket.RawData): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(String(data)) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `2024.12.1` ≥ [2024, 4]. A dev build (`2025.1.0.dev0`) compares by its year and month. */
export function atLeast(version: string, minimum: readonly [number, number]): boolean {
  const [year, month] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (year === undefined || month === undefined || !Number.isFinite(year) || !Number.isFinite(month)) return false;
  return year > minimum[0] || (year === minimum[0] && month >= minimum[1]);
}

function errorCodeOf(error: Error): (typeof SOURCE_ERROR_CODES)[keyof typeof SOURCE_ERROR_CODES] {
  if (/handshake has timed out/i.test(error.message)) return SOURCE_ERROR_CODES.timeout;
  if (/Unexpected server response/i.test(error.message)) return SOURCE_ERROR_CODES.version;
  if (/Max payload size exceeded/i.test(error.message)) return SOURCE_ERROR_CODES.format;
  return SOURCE_ERROR_CODES.unreachable;
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}` : error.message;
}
