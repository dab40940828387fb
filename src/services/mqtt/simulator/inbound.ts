import { ProtocolError } from '../../../errors/index.ts';
import type { MqttPacket } from '../packets.ts';
import type { MqttLevel } from './connect.ts';
import { type MqttProperty, PROPERTY, property, readProperties } from './properties.ts';
import { MqttReader } from './reader.ts';
import type { Subscription } from './session.ts';

/**
 * Parsers for what clients send after CONNECT (MQTT 3.1.1 §3.3-§3.14, MQTT 5.0 §3.3-§3.15). A ProtocolError means
 * a malformed packet: the broker closes the connection (MQTT 5: after DISCONNECT 0x81).
 */

export interface InboundPublish {
  dup: boolean;
  qos: number;
  retain: boolean;
  /** Empty when an MQTT 5 client sends only a topic alias. */
  topic: string;
  packetId: number | undefined;
  topicAlias: number | undefined;
  /** Properties to forward: everything but the topic alias (§3.3.2.3). */
  properties: MqttProperty[];
  payload: Buffer;
}

export function parsePublish(p: MqttPacket, level: MqttLevel): InboundPublish {
  const qos = (p.flags >> 1) & 0x03;
  if (qos === 3) throw new ProtocolError(undefined, 'PUBLISH with QoS 3');
  const r = new MqttReader(p.body);
  const topic = r.utf8();
  const packetId = qos > 0 ? r.u16() : undefined;
  if (packetId === 0) throw new ProtocolError(undefined, 'PUBLISH with packet identifier 0');
  const all = level === 5 ? readProperties(r) : [];
  return {
    dup: (p.flags & 0x08) !== 0,
    qos,
    retain: (p.flags & 0x01) !== 0,
    topic,
    packetId,
    topicAlias: property<number>(all, PROPERTY.topicAlias),
    properties: all.filter((x) => x.id !== PROPERTY.topicAlias && x.id !== PROPERTY.subscriptionIdentifier),
    payload: Buffer.from(r.rest()),
  };
}

export interface InboundSubscribe {
  packetId: number;
  subscriptions: Subscription[];
}

/** SUBSCRIBE: fixed-header flags 0b0010, at least one filter, options with reserved bits 0. */
export function parseSubscribe(p: MqttPacket, level: MqttLevel): InboundSubscribe {
  if (p.flags !== 0x02) throw new ProtocolError(undefined, 'SUBSCRIBE with wrong fixed-header flags');
  const r = new MqttReader(p.body);
  const packetId = r.u16();
  const properties = level === 5 ? readProperties(r) : [];
  const identifier = property<number>(properties, PROPERTY.subscriptionIdentifier);
  if (identifier === 0) throw new ProtocolError(undefined, 'subscription identifier 0');
  const subscriptions: Subscription[] = [];
  while (r.remaining > 0) {
    const filter = r.utf8();
    const options = r.u8();
    const reservedMask = level === 5 ? 0xc0 : 0xfc;
    if ((options & reservedMask) !== 0 || (options & 0x03) === 3 || ((options >> 4) & 0x03) === 3) {
      throw new ProtocolError(undefined, 'SUBSCRIBE options with reserved bits set');
    }
    subscriptions.push({
      filter,
      qos: options & 0x03,
      noLocal: (options & 0x04) !== 0,
      retainAsPublished: (options & 0x08) !== 0,
      retainHandling: (options >> 4) & 0x03,
      identifier,
    });
  }
  if (subscriptions.length === 0) throw new ProtocolError(undefined, 'SUBSCRIBE without a topic filter');
  return { packetId, subscriptions };
}

export function parseUnsubscribe(p: MqttPacket, level: MqttLevel): { packetId: number; filters: string[] } {
  if (p.flags !== 0x02) throw new ProtocolError(undefined, 'UNSUBSCRIBE with wrong fixed-header flags');
  const r = new MqttReader(p.body);
  const packetId = r.u16();
  if (level === 5) readProperties(r);
  const filters: string[] = [];
  while (r.remaining > 0) filters.push(r.utf8());
  if (filters.length === 0) throw new ProtocolError(undefined, 'UNSUBSCRIBE without a topic filter');
  return { packetId, filters };
}

/** PUBACK, PUBREC, PUBREL, PUBCOMP: the packet id (MQTT 5 may add a reason code and properties, ignored here). */
export function parseAckId(p: MqttPacket): number {
  return new MqttReader(p.body).u16();
}

/** DISCONNECT: MQTT 5 carries a reason code (0 when absent) and may change the Session Expiry Interval. */
export function parseDisconnect(
  p: MqttPacket,
  level: MqttLevel,
): { reason: number; sessionExpiry: number | undefined } {
  if (level < 5 || p.body.length === 0) return { reason: 0, sessionExpiry: undefined };
  const r = new MqttReader(p.body);
  const reason = r.u8();
  const properties = r.remaining > 0 ? readProperties(r) : [];
  return { reason, sessionExpiry: property<number>(properties, PROPERTY.sessionExpiryInterval) };
}
