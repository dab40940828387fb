import type { Socket } from 'node:net';
import { MQTT_TYPE, type MqttPacket, packet, readPacket } from '../packets.ts';
import { type ConnectRequest, type MqttLevel, parseConnect } from './connect.ts';
import {
  type InboundPublish,
  parseAckId,
  parseDisconnect,
  parsePublish,
  parseSubscribe,
  parseUnsubscribe,
} from './inbound.ts';
import { u16 } from './reader.ts';
import { type BrokerMessage, type Delivery, encodePublish, type MqttSession } from './session.ts';
import { isValidFilter, isValidTopicName } from './topics.ts';

/** Packet types past MQTT_TYPE's 3.1.1 client set (§2.1.2). */
const PUBREC = 5;
const PUBREL = 6;
const PUBCOMP = 7;

/** MQTT 5 DISCONNECT reason codes the broker sends (§3.14.2.1). */
const REASON = { malformed: 0x81, protocolError: 0x82, topicNameInvalid: 0x90, topicAliasInvalid: 0x94 } as const;

/** Largest packet the lab's broker takes; Home Assistant discovery payloads are a few kB. */
const MAX_PACKET_BYTES = 256 * 1024;

/** What a connection needs from its broker. */
export interface BrokerCore {
  /** Accepts a CONNECT with the CONNACK to send, or refuses it with the CONNACK (or nothing) to close on. */
  connect(
    connection: MqttConnection,
    request: ConnectRequest,
  ): { ok: true; session: MqttSession; connack: Buffer } | { ok: false; connack: Buffer | undefined };
  /** After the CONNACK went out: messages queued for a resumed session are delivered now. */
  attached(connection: MqttConnection, session: MqttSession): void;
  /** Routes a message to every matching subscription; returns how many deliveries it made. */
  route(message: BrokerMessage): number;
  /** Stores or clears (empty payload) a retained message. */
  retain(message: BrokerMessage): void;
  /** The retained messages a new subscription with `filter` receives. */
  retainedFor(filter: string): BrokerMessage[];
  /** An accepted connection ended; `will` is still set unless the client said DISCONNECT. */
  disconnected(connection: MqttConnection, session: MqttSession, will: ConnectRequest['will']): void;
  /** Counts traffic for the $SYS tree. */
  count(direction: 'in' | 'out', bytes: number, isPublish: boolean): void;
}

/**
 * One client connection to the simulated broker: framing, keep-alive (closed after 1.5 × the keep-alive with
 * nothing received, §3.1.2.10), and the QoS 1 and 2 flows in both directions. Routing, retained messages and
 * sessions belong to the broker.
 */
export class MqttConnection {
  readonly #socket: Socket;
  readonly #broker: BrokerCore;
  #pending: Buffer = Buffer.alloc(0);
  #request: ConnectRequest | undefined;
  #session: MqttSession | undefined;
  #will: ConnectRequest['will'];
  #keepAlive: NodeJS.Timeout | undefined;
  #nextPacketId = 1;
  /** QoS 2 messages received and PUBRECed, released on PUBREL (Mosquitto delivers them then). */
  readonly #inboundQos2 = new Map<number, InboundPublish>();
  readonly #topicAliases = new Map<number, string>();
  /** Set once the broker decided to end the connection: nothing more is read. */
  #ending = false;
  #closed = false;

  constructor(socket: Socket, broker: BrokerCore) {
    this.#socket = socket;
    this.#broker = broker;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('close', () => this.#onClose());
  }

  get level(): MqttLevel {
    return this.#request?.level ?? 4;
  }

  /** Sends one delivery now, with a fresh packet id when QoS > 0. */
  deliver(delivery: Delivery): void {
    const id = delivery.qos > 0 ? this.#packetId() : undefined;
    this.#write(encodePublish(this.level, delivery, id), true);
  }

  /** Closes the socket without a will being withheld: a takeover or a protocol error. */
  terminate(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    if (this.#closed || this.#ending) return;
    this.#pending = Buffer.concat([this.#pending, chunk]);
    try {
      for (;;) {
        const read = readPacket(this.#pending, MAX_PACKET_BYTES);
        if (!read) return;
        this.#pending = this.#pending.subarray(read.next);
        this.#broker.count('in', read.next, read.packet.type === MQTT_TYPE.publish);
        this.#armKeepAlive();
        if (!this.#handle(read.packet)) {
          this.#ending = true;
          return;
        }
      }
    } catch {
      this.#fail(REASON.malformed);
    }
  }

  /** Returns false when the connection is over. */
  #handle(p: MqttPacket): boolean {
    if (!this.#request) {
      // §3.1: the first packet MUST be CONNECT.
      if (p.type !== MQTT_TYPE.connect) return this.#fail(undefined);
      return this.#connect(p.body);
    }
    switch (p.type) {
      case MQTT_TYPE.publish:
        return this.#publish(parsePublish(p, this.level));
      case MQTT_TYPE.subscribe:
        return this.#subscribe(p);
      case MQTT_TYPE.unsubscribe:
        return this.#unsubscribe(p);
      case MQTT_TYPE.puback:
      case PUBCOMP:
        parseAckId(p);
        return true;
      case PUBREC:
        this.#write(packet(PUBREL, 0x02, u16(parseAckId(p))), false);
        return true;
      case PUBREL:
        return this.#release(parseAckId(p));
      case MQTT_TYPE.pingreq:
        this.#write(packet(MQTT_TYPE.pingresp, 0, Buffer.alloc(0)), false);
        return true;
      case MQTT_TYPE.disconnect: {
        const { reason, sessionExpiry } = parseDisconnect(p, this.level);
        // 0x04 "Disconnect with Will Message" keeps the will; any other DISCONNECT deletes it (§3.14.4).
        if (reason !== 0x04) this.#will = undefined;
        if (sessionExpiry !== undefined && this.#session) this.#session.persistent = sessionExpiry > 0;
        this.#socket.end();
        return false;
      }
      default:
        // A second CONNECT, AUTH without enhanced authentication, or a server-only packet type.
        return this.#fail(REASON.protocolError);
    }
  }

  #connect(body: Buffer): boolean {
    const parsed = parseConnect(body);
    if (!parsed.ok) {
      if (parsed.reply) this.#write(parsed.reply, false);
      this.#socket.end();
      return false;
    }
    this.#request = parsed.request;
    const outcome = this.#broker.connect(this, parsed.request);
    if (outcome.connack) this.#write(outcome.connack, false);
    if (!outcome.ok) {
      this.#socket.end();
      return false;
    }
    this.#session = outcome.session;
    this.#will = parsed.request.will;
    this.#armKeepAlive();
    this.#broker.attached(this, outcome.session);
    return true;
  }

  #publish(publish: InboundPublish): boolean {
    let topic = publish.topic;
    if (publish.topicAlias !== undefined) {
      if (publish.topicAlias === 0 || publish.topicAlias > 10) return this.#fail(REASON.topicAliasInvalid);
      if (topic === '') topic = this.#topicAliases.get(publish.topicAlias) ?? '';
      else this.#topicAliases.set(publish.topicAlias, topic);
      if (topic === '') return this.#fail(REASON.protocolError);
    }
    if (!isValidTopicName(topic)) return this.#fail(REASON.topicNameInvalid);
    const message = { ...publish, topic };
    if (publish.qos === 2) {
      // Held until PUBREL, as Mosquitto does; a DUP resend of an id still held changes nothing.
      if (!this.#inboundQos2.has(publish.packetId as number))
        this.#inboundQos2.set(publish.packetId as number, message);
      this.#write(packet(PUBREC, 0, u16(publish.packetId as number)), false);
      return true;
    }
    const deliveries = this.#apply(message);
    if (publish.qos === 1) {
      // MQTT 5: PUBACK reason 0x10 "No matching subscribers" when nobody got it (Mosquitto 2.0 sends it).
      const noMatch = this.level === 5 && deliveries === 0;
      const body = Buffer.concat([u16(publish.packetId as number), noMatch ? Buffer.from([0x10]) : Buffer.alloc(0)]);
      this.#write(packet(MQTT_TYPE.puback, 0, body), false);
    }
    return true;
  }

  #release(packetId: number): boolean {
    const held = this.#inboundQos2.get(packetId);
    this.#inboundQos2.delete(packetId);
    if (held) this.#apply(held);
    this.#write(packet(PUBCOMP, 0, u16(packetId)), false);
    return true;
  }

  #apply(publish: InboundPublish): number {
    const message = {
      topic: publish.topic,
      payload: publish.payload,
      qos: publish.qos,
      retain: publish.retain,
      properties: publish.properties,
      from: this.#session?.clientId,
    };
    if (publish.retain) this.#broker.retain(message);
    return this.#broker.route(message);
  }

  #subscribe(p: MqttPacket): boolean {
    const session = this.#session as MqttSession;
    const { packetId, subscriptions } = parseSubscribe(p, this.level);
    if (subscriptions.some((s) => !isValidFilter(s.filter))) return this.#fail(REASON.malformed);
    const fresh = subscriptions.map((s) => !session.subscriptions.has(s.filter));
    for (const s of subscriptions) session.subscriptions.set(s.filter, s);
    const codes = Buffer.from(subscriptions.map((s) => s.qos));
    const props = this.level === 5 ? Buffer.from([0]) : Buffer.alloc(0);
    this.#write(packet(MQTT_TYPE.suback, 0, Buffer.concat([u16(packetId), props, codes])), false);
    // Retained messages follow the SUBACK, one per matching filter, with RETAIN 1 (§3.3.1.3).
    subscriptions.forEach((s, i) => {
      if (s.retainHandling === 2 || (s.retainHandling === 1 && !fresh[i])) return;
      for (const message of this.#broker.retainedFor(s.filter)) {
        const ids = this.level === 5 && s.identifier !== undefined ? [s.identifier] : [];
        this.deliver({ message, qos: Math.min(message.qos, s.qos), retain: true, subscriptionIds: ids });
      }
    });
    return true;
  }

  #unsubscribe(p: MqttPacket): boolean {
    const session = this.#session as MqttSession;
    const { packetId, filters } = parseUnsubscribe(p, this.level);
    // MQTT 5 reason per filter: 0x00 success, 0x11 "No subscription existed".
    const codes = filters.map((f) => (session.subscriptions.delete(f) ? 0x00 : 0x11));
    const body =
      this.level === 5 ? Buffer.concat([u16(packetId), Buffer.from([0]), Buffer.from(codes)]) : u16(packetId);
    this.#write(packet(MQTT_TYPE.unsuback, 0, body), false);
    return true;
  }

  /** Closes on a protocol violation; an MQTT 5 client first gets DISCONNECT with the reason. Returns false. */
  #fail(reason: number | undefined): boolean {
    if (this.#closed || this.#ending) return false;
    this.#ending = true;
    if (this.#request?.level === 5 && reason !== undefined) {
      this.#write(packet(MQTT_TYPE.disconnect, 0, Buffer.from([reason])), false);
    }
    this.#socket.end();
    return false;
  }

  #packetId(): number {
    const id = this.#nextPacketId;
    this.#nextPacketId = id >= 0xffff ? 1 : id + 1;
    return id;
  }

  #armKeepAlive(): void {
    clearTimeout(this.#keepAlive);
    const seconds = this.#request?.keepAliveS ?? 0;
    if (seconds === 0) return;
    this.#keepAlive = setTimeout(() => this.#socket.destroy(), seconds * 1500);
    this.#keepAlive.unref();
  }

  #write(bytes: Buffer, isPublish: boolean): void {
    if (this.#closed || this.#socket.destroyed) return;
    this.#broker.count('out', bytes.length, isPublish);
    this.#socket.write(bytes);
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#keepAlive);
    if (this.#session) this.#broker.disconnected(this, this.#session, this.#will);
  }
}
