import { MQTT_TYPE, packet, utf8Field } from '../packets.ts';
import type { MqttLevel } from './connect.ts';
import { encodeProperties, type MqttProperty, PROPERTY } from './properties.ts';
import { u16 } from './reader.ts';
import { topicMatches } from './topics.ts';

/** One application message as the broker routes it. */
export interface BrokerMessage {
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  /** MQTT 5 properties forwarded to subscribers (never a topic alias or a subscription identifier). */
  properties: MqttProperty[];
  /** The publishing client, for the No Local option; undefined for the broker's own ($SYS, wills are a client's). */
  from: string | undefined;
}

/** One subscription with its MQTT 5 options (§3.8.3.1); 3.1/3.1.1 subscriptions use the defaults. */
export interface Subscription {
  filter: string;
  qos: number;
  noLocal: boolean;
  retainAsPublished: boolean;
  /** 0 send retained on subscribe, 1 only for a new subscription, 2 never. */
  retainHandling: number;
  identifier: number | undefined;
}

/** A message waiting for its client, or a delivery a connection makes now. */
export interface Delivery {
  message: BrokerMessage;
  qos: number;
  retain: boolean;
  subscriptionIds: number[];
}

/** Mosquitto's `max_queued_messages` default: what an offline persistent session holds before dropping. */
export const MAX_QUEUED_MESSAGES = 1000;

/**
 * The broker-side state of one client id. A persistent session (Clean Session 0, or an MQTT 5 Session Expiry
 * Interval above 0) outlives its connection: its subscriptions stay and QoS 1/2 messages queue until it returns.
 */
export class MqttSession {
  readonly clientId: string;
  readonly subscriptions = new Map<string, Subscription>();
  persistent = false;
  level: MqttLevel = 4;
  readonly queue: Delivery[] = [];

  constructor(clientId: string) {
    this.clientId = clientId;
  }

  /**
   * The deliveries one message makes to this session. MQTT 5 clients get one per matching subscription (each with
   * its identifier); 3.1/3.1.1 clients get one, at the highest QoS granted, as Mosquitto does for overlapping
   * subscriptions. A live message is forwarded with RETAIN 0 unless Retain As Published is set (§3.3.1.3).
   */
  deliveriesFor(message: BrokerMessage): Delivery[] {
    const matching = [...this.subscriptions.values()].filter(
      (s) => topicMatches(s.filter, message.topic) && !(s.noLocal && message.from === this.clientId),
    );
    if (matching.length === 0) return [];
    if (this.level === 5) {
      return matching.map((s) => ({
        message,
        qos: Math.min(message.qos, s.qos),
        retain: s.retainAsPublished && message.retain,
        subscriptionIds: s.identifier === undefined ? [] : [s.identifier],
      }));
    }
    const qos = Math.min(message.qos, Math.max(...matching.map((s) => s.qos)));
    return [{ message, qos, retain: false, subscriptionIds: [] }];
  }
}

/** A PUBLISH to a subscriber: fixed header flags, topic, packet id for QoS > 0, MQTT 5 properties, payload. */
export function encodePublish(level: MqttLevel, delivery: Delivery, packetId: number | undefined): Buffer {
  const { message } = delivery;
  const parts = [utf8Field(message.topic)];
  if (delivery.qos > 0) parts.push(u16(packetId ?? 0));
  if (level === 5) {
    const ids = delivery.subscriptionIds.map((id) => ({ id: PROPERTY.subscriptionIdentifier, value: id }));
    parts.push(encodeProperties([...message.properties, ...ids]));
  }
  parts.push(message.payload);
  const flags = (delivery.qos << 1) | (delivery.retain ? 1 : 0);
  return packet(MQTT_TYPE.publish, flags, Buffer.concat(parts));
}
