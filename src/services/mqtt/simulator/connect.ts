import { MQTT_TYPE, packet } from '../packets.ts';
import { encodeProperties, type MqttProperty, PROPERTY, readProperties } from './properties.ts';
import { MqttReader } from './reader.ts';

/** The protocol levels the broker speaks: 3 is MQTT 3.1 ("MQIsdp"), 4 is 3.1.1, 5 is MQTT 5. */
export type MqttLevel = 3 | 4 | 5;

export interface WillMessage {
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  properties: MqttProperty[];
}

export interface ConnectRequest {
  level: MqttLevel;
  /** Clean Session (3.1, 3.1.1) or Clean Start (5). */
  cleanStart: boolean;
  keepAliveS: number;
  properties: MqttProperty[];
  clientId: string;
  will: WillMessage | undefined;
  username: string | undefined;
  password: Buffer | undefined;
}

/**
 * A CONNECT the broker can act on, or what it answers before closing: a CONNACK for an unsupported protocol level
 * (Mosquitto 2.0 sends the 3.1.1-shaped `20 02 00 01` whatever the level), nothing for a malformed packet or an
 * unknown protocol name (Mosquitto closes without a word; checked against mosquitto 2.0.11).
 */
export type ConnectParse = { ok: true; request: ConnectRequest } | { ok: false; reply: Buffer | undefined };

/** Parses a CONNECT body (MQTT 3.1.1 §3.1, MQTT 5.0 §3.1). Throws ProtocolError when it is cut short. */
export function parseConnect(body: Buffer): ConnectParse {
  const r = new MqttReader(body);
  const name = r.utf8();
  const level = r.u8();
  if (name !== 'MQTT' && name !== 'MQIsdp') return { ok: false, reply: undefined };
  const supported = (name === 'MQIsdp' && level === 3) || (name === 'MQTT' && (level === 4 || level === 5));
  if (!supported) return { ok: false, reply: connack(4, false, 0x01) };
  const flags = r.u8();
  const willFlag = (flags & 0x04) !== 0;
  const willQos = (flags >> 3) & 0x03;
  const willRetain = (flags & 0x20) !== 0;
  const hasUser = (flags & 0x80) !== 0;
  const hasPassword = (flags & 0x40) !== 0;
  // §3.1.2.3: the reserved bit is 0; without a will, will QoS and retain are 0; QoS 3 does not exist.
  const malformed =
    (flags & 0x01) !== 0 ||
    willQos === 3 ||
    (!willFlag && (willQos !== 0 || willRetain)) ||
    (hasPassword && !hasUser && level < 5);
  if (malformed) return { ok: false, reply: undefined };
  const keepAliveS = r.u16();
  const properties = level === 5 ? readProperties(r) : [];
  const clientId = r.utf8();
  let will: WillMessage | undefined;
  if (willFlag) {
    const willProperties = level === 5 ? readProperties(r) : [];
    const topic = r.utf8();
    will = { topic, payload: Buffer.from(r.binary()), qos: willQos, retain: willRetain, properties: willProperties };
  }
  const username = hasUser ? r.utf8() : undefined;
  const password = hasPassword ? Buffer.from(r.binary()) : undefined;
  return {
    ok: true,
    request: {
      level: level as MqttLevel,
      cleanStart: (flags & 0x02) !== 0,
      keepAliveS,
      properties,
      clientId,
      will,
      username,
      password,
    },
  };
}

/** CONNACK return codes of 3.1/3.1.1 (§3.2.2.3) and the MQTT 5 reason codes Mosquitto uses for the same cases. */
export const CONNACK = {
  accepted: { v3: 0x00, v5: 0x00 },
  identifierRejected: { v3: 0x02, v5: 0x85 },
  notAuthorized: { v3: 0x05, v5: 0x87 },
  badAuthenticationMethod: { v3: 0x05, v5: 0x8c },
} as const;

/** Mosquitto 2.0's defaults, announced in every successful MQTT 5 CONNACK (`max_inflight_messages`, topic aliases). */
export const BROKER_LIMITS = { topicAliasMaximum: 10, receiveMaximum: 20 } as const;

/**
 * A CONNACK. MQTT 5 adds properties; on success Mosquitto sends Topic Alias Maximum, the Assigned Client Identifier
 * when it made one up, then Receive Maximum, in that order (captured from mosquitto 2.0.11).
 */
export function connack(level: MqttLevel, sessionPresent: boolean, code: number, assignedClientId?: string): Buffer {
  const flags = sessionPresent ? 1 : 0;
  if (level < 5) return packet(MQTT_TYPE.connack, 0, Buffer.from([flags, code]));
  const properties: MqttProperty[] = [];
  if (code === 0) {
    properties.push({ id: PROPERTY.topicAliasMaximum, value: BROKER_LIMITS.topicAliasMaximum });
    if (assignedClientId) properties.push({ id: PROPERTY.assignedClientIdentifier, value: assignedClientId });
    properties.push({ id: PROPERTY.receiveMaximum, value: BROKER_LIMITS.receiveMaximum });
  }
  return packet(MQTT_TYPE.connack, 0, Buffer.concat([Buffer.from([flags, code]), encodeProperties(properties)]));
}
