/**
 * The MQTT side of the Home Assistant bridge: one client to the owner's broker with a last will (the availability
 * topic goes `offline` when iotwarden dies), TLS and username/password as configured, automatic reconnects, and a
 * size limit on what it accepts. Every (re)connect announces `online`, subscribes again and calls `onConnect`, so the
 * bridge republishes everything: retained topics are overwritten, never duplicated.
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import { SOURCE_ERROR_CODES, SourceError } from '../source-error.ts';

export interface MqttLinkOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** PEM of the CA that signed the broker's certificate (mqtts:// with a private CA). */
  caPem?: string | undefined;
  clientId: string;
  /** Retained `online`; the last will sets it `offline`. */
  availabilityTopic: string;
  subscriptions: readonly string[];
  connectTimeoutMs?: number;
  reconnectPeriodMs?: number;
  /** Larger incoming messages are ignored (a discovery config is a few hundred bytes). */
  maxMessageBytes?: number;
}

export interface MqttLinkHandlers {
  onConnect(): Promise<void>;
  onMessage(topic: string, payload: string, retained: boolean): void;
  onError(error: Error): void;
}

export interface MqttMessageOut {
  topic: string;
  payload: string;
}

const SOURCE = 'MQTT broker';

export class HaMqttLink {
  readonly #client: MqttClient;
  readonly #options: MqttLinkOptions;

  private constructor(client: MqttClient, options: MqttLinkOptions) {
    this.#client = client;
    this.#options = options;
  }

  /** Connects (the first connection must succeed within the timeout) and keeps reconnecting afterwards. */
  static async open(options: MqttLinkOptions, handlers: MqttLinkHandlers): Promise<HaMqttLink> {
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      connectTimeout: timeoutMs,
      reconnectPeriod: options.reconnectPeriodMs ?? 2_000,
      will: { topic: options.availabilityTopic, payload: Buffer.from('offline'), retain: true, qos: 1 },
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      ...(options.caPem ? { ca: options.caPem } : {}),
    };
    // mqtt.js is loaded by the first link, not at start: most homes configure no broker, and loaded it is 1.5 MB of
    // heap for the life of `serve` (issue 11's memory goal).
    const { connect } = await import('mqtt');
    const client = connect(options.url, clientOptions);
    const link = new HaMqttLink(client, options);
    const maxBytes = options.maxMessageBytes ?? 64 * 1024;
    client.on('message', (topic, payload, packet) => {
      if (payload.length <= maxBytes) handlers.onMessage(topic, payload.toString('utf8'), packet.retain);
    });
    client.on('error', (error) => handlers.onError(error));
    client.on('connect', () => {
      void link.#announce(handlers).catch((error: unknown) => handlers.onError(error as Error));
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.end(true);
        reject(
          new SourceError(SOURCE_ERROR_CODES.timeout, SOURCE, redact(options.url), `no CONNACK within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      client.once('error', (error) => {
        clearTimeout(timer);
        client.end(true);
        const auth = /Not authorized|Bad username or password/i.test(error.message);
        const code = auth ? SOURCE_ERROR_CODES.auth : SOURCE_ERROR_CODES.unreachable;
        reject(new SourceError(code, SOURCE, redact(options.url), error.message, error));
      });
    });
    return link;
  }

  get connected(): boolean {
    return this.#client.connected;
  }

  async #announce(handlers: MqttLinkHandlers): Promise<void> {
    await this.#client.publishAsync(this.#options.availabilityTopic, 'online', { retain: true, qos: 1 });
    if (this.#options.subscriptions.length > 0)
      await this.#client.subscribeAsync([...this.#options.subscriptions], { qos: 1 });
    await handlers.onConnect();
  }

  /** Publishes retained messages (an empty payload removes a retained topic). */
  async publish(messages: readonly MqttMessageOut[]): Promise<void> {
    for (const message of messages) {
      await this.#client.publishAsync(message.topic, message.payload, { retain: true, qos: 1 });
    }
  }

  /**
   * Drops the connection without a DISCONNECT, as a crash or a network failure would: the broker then publishes the
   * last will (`offline`). The client reconnects by itself afterwards, unless closed.
   */
  abort(): void {
    this.#client.stream.destroy();
  }

  /** Says `offline` (as the will would), then disconnects. */
  async close(): Promise<void> {
    if (this.#client.connected) {
      await this.#client
        .publishAsync(this.#options.availabilityTopic, 'offline', { retain: true, qos: 1 })
        .catch(() => undefined);
    }
    await this.#client.endAsync();
  }
}

/** A broker URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.toString();
  } catch {
    return '(broker URL)';
  }
}
