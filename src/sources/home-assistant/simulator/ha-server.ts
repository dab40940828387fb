/**
 * A simulated Home Assistant WebSocket API (https://developers.home-assistant.io/docs/api/websocket) on a loopback
 * address: the auth phase with a long-lived token, then the commands iotwarden reads (registries, config entries,
 * states) and `call_service` for persistent notifications, answered as HA answers them:
 * `{"id":N,"type":"result","success":true,"result":…}`, or `success:false` with `{"code","message"}`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SimulatedHaRegistry } from './ha-registry.ts';

export interface SimulatedHomeAssistantOptions {
  registry: SimulatedHaRegistry;
  /** The long-lived access token it accepts. */
  token: string;
  /** Loopback address to bind. */
  host: string;
  /** 0 = any free port. */
  port?: number;
  /** Delay before every answer (a slow HA). */
  delayMs?: number;
}

/** A notification created through `persistent_notification.create`. */
export interface SimulatedNotification {
  notification_id: string;
  title: string;
  message: string;
}

export class SimulatedHomeAssistant {
  readonly #options: SimulatedHomeAssistantOptions;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  /** Notifications created, newest last (HA replaces one with the same id). */
  readonly notifications = new Map<string, SimulatedNotification>();
  /** Commands received after auth, for tests. */
  readonly commands: string[] = [];
  delayMs: number;

  constructor(options: SimulatedHomeAssistantOptions) {
    this.#options = options;
    this.delayMs = options.delayMs ?? 0;
    this.#server = createServer((_req, res) => {
      res.writeHead(404).end();
    });
    this.#wss = new WebSocketServer({ server: this.#server, path: '/api/websocket', maxPayload: 1024 * 1024 });
    this.#wss.on('connection', (socket) => this.#session(socket));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port ?? 0, this.#options.host, () => resolve());
    });
  }

  /** `http://host:port`, the URL a user configures. */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://${this.#options.host}:${port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #session(socket: WebSocket): void {
    const { registry } = this.#options;
    let authenticated = false;
    socket.send(JSON.stringify({ type: 'auth_required', ha_version: registry.haVersion }));
    socket.on('message', (data) => {
      const message = parseMessage(data);
      if (!message) return void socket.close(1003);
      if (!authenticated) {
        if (message.type === 'auth' && message.access_token === this.#options.token) {
          authenticated = true;
          socket.send(JSON.stringify({ type: 'auth_ok', ha_version: registry.haVersion }));
        } else {
          // HA answers auth_invalid and then closes the connection.
          socket.send(JSON.stringify({ type: 'auth_invalid', message: 'Invalid access token or password' }));
          socket.close();
        }
        return;
      }
      const answer = () => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(this.#answer(message)));
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
  }

  #answer(message: Record<string, unknown>): Record<string, unknown> {
    const id = message.id;
    const type = String(message.type);
    this.commands.push(type);
    const ok = (result: unknown) => ({ id, type: 'result', success: true, result });
    const { registry } = this.#options;
    switch (type) {
      case 'ping':
        return { id, type: 'pong' };
      case 'supported_features':
        return ok(null);
      case 'get_states':
        return ok(registry.states);
      case 'config/device_registry/list':
        return ok(registry.devices);
      case 'config/area_registry/list':
        return ok(registry.areas);
      case 'config/floor_registry/list':
        return ok(registry.floors);
      case 'config/entity_registry/list':
        return ok(registry.entities);
      case 'config_entries/get':
        return ok(registry.configEntries);
      case 'call_service':
        return this.#callService(message, id);
      default:
        return { id, type: 'result', success: false, error: { code: 'unknown_command', message: 'Unknown command.' } };
    }
  }

  #callService(message: Record<string, unknown>, id: unknown): Record<string, unknown> {
    const data = (message.service_data ?? {}) as Record<string, unknown>;
    if (message.domain !== 'persistent_notification' || message.service !== 'create') {
      return { id, type: 'result', success: false, error: { code: 'not_found', message: 'Service not found.' } };
    }
    const notificationId =
      typeof data.notification_id === 'string' ? data.notification_id : `n${this.notifications.size}`;
    this.notifications.set(notificationId, {
      notification_id: notificationId,
      title: String(data.title ?? ''),
      message: String(data.message ?? ''),
    });
    return {
      id,
      type: 'result',
      success: true,
      result: { context: { id: notificationId, parent_id: null, user_id: null } },
    };
  }
}

function parseMessage(data: unknown): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(String(data)) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
