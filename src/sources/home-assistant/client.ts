/**
 * Reads Home Assistant's registries over its WebSocket API (https://developers.home-assistant.io/docs/api/websocket)
 * with home-assistant-js-websocket, HA's own maintained client: devices, areas, floors, entities and config entries,
 * each validated. Every command has a deadline; the connection is always closed.
 */
import { type Connection, createConnection, createLongLivedTokenAuth } from 'home-assistant-js-websocket';
import { z } from 'zod';
import { SOURCE_ERROR_CODES, SourceError } from '../source-error.ts';
import {
  type HaArea,
  type HaConfigEntry,
  type HaDevice,
  type HaEntity,
  type HaFloor,
  haAreaSchema,
  haConfigEntrySchema,
  haDeviceSchema,
  haEntitySchema,
  haFloorSchema,
  MAX_REGISTRY_ROWS,
} from './schema.ts';
import { openHaSocket } from './ws-socket.ts';

export interface HomeAssistantOptions {
  /** `http://ha:8123` (the WebSocket URL is derived from it) or `ws://ha:8123/api/websocket`. */
  url: string;
  /** A long-lived access token. Never logged, never in an error. */
  token: string;
  /** Per command and for the auth phase. Default 10 s. */
  timeoutMs?: number;
  /** Largest frame. Default 32 MiB. */
  maxBytes?: number;
}

/** Everything one import reads. */
export interface HaSnapshot {
  haVersion: string;
  devices: HaDevice[];
  areas: HaArea[];
  floors: HaFloor[];
  entities: HaEntity[];
  configEntries: HaConfigEntry[];
}

const SOURCE = 'Home Assistant';

/** `http://ha:8123` → `ws://ha:8123/api/websocket`; an explicit ws URL is kept. */
export function haWebSocketUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    parsed.protocol = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
    parsed.pathname = '/api/websocket';
  }
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/** Connects, authenticates, and hands the connection to `use`; always closes it. */
export async function withHomeAssistant<T>(
  options: HomeAssistantOptions,
  use: (connection: HaConnection) => Promise<T>,
): Promise<T> {
  const wsUrl = haWebSocketUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socketOptions = { url: wsUrl, token: options.token, timeoutMs, maxBytes: options.maxBytes ?? 32 * 1024 * 1024 };
  const connection = await createConnection({
    // The library builds ws URLs from `auth.wsUrl`; our socket gets the same URL and performs the auth phase.
    auth: createLongLivedTokenAuth(options.url, options.token),
    createSocket: () => openHaSocket(socketOptions),
    setupRetry: 0,
  });
  const ha = new HaConnection(connection, wsUrl, timeoutMs);
  try {
    return await use(ha);
  } finally {
    connection.close();
  }
}

/** One authenticated connection: validated commands with deadlines. */
export class HaConnection {
  readonly #connection: Connection;
  readonly #url: string;
  readonly #timeoutMs: number;

  constructor(connection: Connection, url: string, timeoutMs: number) {
    this.#connection = connection;
    this.#url = url;
    this.#timeoutMs = timeoutMs;
  }

  get haVersion(): string {
    return this.#connection.haVersion;
  }

  /** Sends one command and validates its result with `schema`. */
  async command<T>(message: { type: string } & Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(this.#error(SOURCE_ERROR_CODES.timeout, `${message.type} got no answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    try {
      const result = await Promise.race([this.#connection.sendMessagePromise<unknown>(message), deadline]);
      const parsed = schema.safeParse(result);
      if (!parsed.success) {
        throw this.#error(
          SOURCE_ERROR_CODES.format,
          `${message.type} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
        );
      }
      return parsed.data;
    } catch (error) {
      if (error instanceof SourceError) throw error;
      throw this.#translate(message.type, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads the registries an import needs. */
  async snapshot(): Promise<HaSnapshot> {
    const list = <T>(schema: z.ZodType<T>) => z.array(schema).max(MAX_REGISTRY_ROWS);
    return {
      haVersion: this.haVersion,
      devices: await this.command({ type: 'config/device_registry/list' }, list(haDeviceSchema)),
      areas: await this.command({ type: 'config/area_registry/list' }, list(haAreaSchema)),
      floors: await this.command({ type: 'config/floor_registry/list' }, list(haFloorSchema)),
      entities: await this.command({ type: 'config/entity_registry/list' }, list(haEntitySchema)),
      configEntries: await this.command({ type: 'config_entries/get' }, list(haConfigEntrySchema)),
    };
  }

  /** `persistent_notification.create` through `call_service` (HA's notification bell). */
  async notify(title: string, message: string, notificationId: string): Promise<void> {
    await this.command(
      {
        type: 'call_service',
        domain: 'persistent_notification',
        service: 'create',
        service_data: { title, message, notification_id: notificationId },
      },
      z.unknown(),
    );
  }

  #error(code: (typeof SOURCE_ERROR_CODES)[keyof typeof SOURCE_ERROR_CODES], text: string, cause?: unknown) {
    return new SourceError(code, SOURCE, this.#url, text, cause);
  }

  /** The library rejects with HA's `{code, message}` error object, or its ERR_CONNECTION_LOST number. */
  #translate(type: string, error: unknown): SourceError {
    if (error && typeof error === 'object' && 'code' in error) {
      const { code, message } = error as { code: unknown; message?: unknown };
      if (code === 'unauthorized') return this.#error(SOURCE_ERROR_CODES.auth, `${type} needs an admin user's token`);
      if (code === 'unknown_command') {
        return this.#error(SOURCE_ERROR_CODES.version, `${type} is unknown to this Home Assistant (too old?)`);
      }
      return this.#error(SOURCE_ERROR_CODES.format, `${type} failed: ${String(code)} ${String(message ?? '')}`.trim());
    }
    return this.#error(SOURCE_ERROR_CODES.unreachable, `${type}: the connection was lost`, error);
  }
}
