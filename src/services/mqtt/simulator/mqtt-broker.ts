import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { type Clock, systemClock } from '../../../util/clock.ts';
import { CONNACK, type ConnectRequest, connack } from './connect.ts';
import { type BrokerCore, MqttConnection } from './mqtt-connection.ts';
import { PROPERTY, property } from './properties.ts';
import { type BrokerMessage, MAX_QUEUED_MESSAGES, MqttSession } from './session.ts';
import { type BrokerCounters, emptyCounters, MosquittoSysTree } from './sys-tree.ts';
import { topicMatches } from './topics.ts';

export { topicMatches } from './topics.ts';

export interface SimulatedMqttOptions {
  /** Mosquitto `allow_anonymous`. */
  anonymous: boolean;
  username: string | undefined;
  password: string | undefined;
  /** The Mosquitto release `$SYS/broker/version` names. */
  version?: string;
  /** Mosquitto `sys_interval`: seconds between `$SYS` updates (default 10). */
  sysIntervalS?: number;
  clock?: Clock;
}

/**
 * A broker that behaves as Mosquitto 2.0 does toward MQTT 3.1 ("MQIsdp", level 3), 3.1.1 (level 4) and 5 (level 5)
 * clients: CONNACK codes per version (anonymous or a wrong password get 5 / 0x87 "not authorized"; an empty client
 * id is refused on 3.1 and assigned otherwise), persistent sessions with queued QoS 1/2 messages, session takeover,
 * wills, QoS 0/1/2, retained messages, MQTT 5 subscription options and identifiers, topic aliases, and the
 * `$SYS/broker` tree. Behaviour was compared packet by packet with mosquitto 2.0.11 on loopback.
 */
export class SimulatedMqttBroker implements BrokerCore {
  readonly #options: SimulatedMqttOptions;
  readonly #clock: Clock;
  readonly #sessions = new Map<string, MqttSession>();
  readonly #online = new Map<string, MqttConnection>();
  readonly #retained = new Map<string, BrokerMessage>();
  readonly #counters: BrokerCounters = emptyCounters();
  readonly #sys: MosquittoSysTree;
  readonly #sysTimer: NodeJS.Timeout;
  #maximumConnected = 0;

  constructor(options: SimulatedMqttOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#sys = new MosquittoSysTree({ version: options.version ?? '2.0.11', startedAt: this.#clock.now() });
    this.#refreshSys(false);
    this.#sysTimer = setInterval(() => this.#refreshSys(true), (options.sysIntervalS ?? 10) * 1000);
    this.#sysTimer.unref();
  }

  serve(socket: Socket): void {
    this.#counters.sockets += 1;
    new MqttConnection(socket, this);
  }

  /** Stops the `$SYS` timer; connections close with the listener. */
  close(): void {
    clearInterval(this.#sysTimer);
  }

  /** The retained message on `topic`, if any (for tests and the lab's own checks). */
  retainedMessage(topic: string): BrokerMessage | undefined {
    return this.#retained.get(topic);
  }

  connect(connection: MqttConnection, request: ConnectRequest): ReturnType<BrokerCore['connect']> {
    const { level } = request;
    const refuse = (code: { v3: number; v5: number }) => ({
      ok: false as const,
      connack: connack(level, false, level === 5 ? code.v5 : code.v3),
    });
    // Without an authentication plugin Mosquitto closes on an MQTT 5 Authentication Method, sending nothing.
    if (property(request.properties, PROPERTY.authenticationMethod) !== undefined)
      return { ok: false, connack: undefined };
    let clientId = request.clientId;
    let assigned: string | undefined;
    if (clientId === '') {
      if (level === 3 || (level === 4 && !request.cleanStart)) return refuse(CONNACK.identifierRejected);
      clientId = `auto-${randomUUID().toUpperCase()}`;
      assigned = clientId;
    }
    if (!this.#authorized(request)) return refuse(CONNACK.notAuthorized);
    // Session takeover: the older connection with this client id is closed (Mosquitto sends it nothing).
    this.#online.get(clientId)?.terminate();
    const existing = request.cleanStart ? undefined : this.#sessions.get(clientId);
    const session = existing ?? new MqttSession(clientId);
    session.level = level;
    session.persistent =
      level === 5
        ? (property<number>(request.properties, PROPERTY.sessionExpiryInterval) ?? 0) > 0
        : !request.cleanStart;
    this.#sessions.set(clientId, session);
    this.#online.set(clientId, connection);
    this.#counters.connections += 1;
    this.#maximumConnected = Math.max(this.#maximumConnected, this.#online.size);
    // MQTT 3.1 has no session-present flag: that byte is reserved.
    const present = existing !== undefined && level > 3;
    return {
      ok: true,
      session,
      connack: connack(level, present, CONNACK.accepted.v3, level === 5 ? assigned : undefined),
    };
  }

  attached(connection: MqttConnection, session: MqttSession): void {
    for (const delivery of session.queue.splice(0)) connection.deliver(delivery);
  }

  route(message: BrokerMessage): number {
    let deliveries = 0;
    for (const session of this.#sessions.values()) {
      const online = this.#online.get(session.clientId);
      for (const delivery of session.deliveriesFor(message)) {
        if (online) {
          online.deliver(delivery);
          deliveries += 1;
        } else if (session.persistent && delivery.qos > 0 && session.queue.length < MAX_QUEUED_MESSAGES) {
          session.queue.push(delivery);
          deliveries += 1;
        } else if (session.persistent && delivery.qos > 0) {
          this.#counters.publishDropped += 1;
        }
      }
    }
    return deliveries;
  }

  retain(message: BrokerMessage): void {
    // §3.3.1.3: an empty retained payload removes the retained message (and is still forwarded).
    if (message.payload.length === 0) this.#retained.delete(message.topic);
    else this.#retained.set(message.topic, message);
  }

  retainedFor(filter: string): BrokerMessage[] {
    if (filter.startsWith('$')) this.#refreshSys(false);
    return [...this.#retained.values()].filter((m) => topicMatches(filter, m.topic));
  }

  disconnected(connection: MqttConnection, session: MqttSession, will: ConnectRequest['will']): void {
    if (this.#online.get(session.clientId) === connection) {
      this.#online.delete(session.clientId);
      if (!session.persistent) this.#sessions.delete(session.clientId);
    }
    if (!will) return;
    const message: BrokerMessage = { ...will, from: session.clientId };
    if (will.retain) this.retain(message);
    this.route(message);
  }

  count(direction: 'in' | 'out', bytes: number, isPublish: boolean): void {
    const c = this.#counters;
    if (direction === 'in') {
      c.messagesReceived += 1;
      c.bytesReceived += bytes;
      if (isPublish) c.publishReceived += 1;
      if (isPublish) c.publishBytesReceived += bytes;
    } else {
      c.messagesSent += 1;
      c.bytesSent += bytes;
      if (isPublish) c.publishSent += 1;
      if (isPublish) c.publishBytesSent += bytes;
    }
  }

  #authorized(request: ConnectRequest): boolean {
    const { username, password } = this.#options;
    if (request.username === undefined || username === undefined) return this.#options.anonymous;
    return request.username === username && request.password?.toString('utf8') === password;
  }

  /** Recomputes `$SYS` into the retained store; on a periodic tick, changed values are also published. */
  #refreshSys(publish: boolean): void {
    const now = this.#clock.now();
    if (publish) this.#sys.tick(now, this.#counters);
    let subscriptions = 0;
    for (const session of this.#sessions.values()) subscriptions += session.subscriptions.size;
    let storedBytes = 0;
    for (const message of this.#retained.values()) storedBytes += message.payload.length;
    const snapshot = {
      connected: this.#online.size,
      total: this.#sessions.size,
      maximum: this.#maximumConnected,
      subscriptions,
      retained: this.#retained.size,
      storedBytes,
    };
    for (const [topic, value] of this.#sys.topics(now, this.#counters, snapshot)) {
      const payload = Buffer.from(value);
      if (this.#retained.get(topic)?.payload.equals(payload)) continue;
      const message: BrokerMessage = { topic, payload, qos: 0, retain: true, properties: [], from: undefined };
      this.#retained.set(topic, message);
      if (publish) this.route(message);
    }
  }
}
