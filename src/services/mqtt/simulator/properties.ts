import { ProtocolError } from '../../../errors/index.ts';
import { utf8Field } from '../packets.ts';
import { encodeVarint, type MqttReader, u16 } from './reader.ts';

/**
 * MQTT 5 properties (OASIS MQTT 5.0 §2.2.2): a variable byte integer length, then identifier/value pairs whose
 * value type the identifier decides. Only MQTT 5 packets carry them.
 */
export const PROPERTY = {
  payloadFormatIndicator: 0x01,
  messageExpiryInterval: 0x02,
  contentType: 0x03,
  responseTopic: 0x08,
  correlationData: 0x09,
  subscriptionIdentifier: 0x0b,
  sessionExpiryInterval: 0x11,
  assignedClientIdentifier: 0x12,
  serverKeepAlive: 0x13,
  authenticationMethod: 0x15,
  authenticationData: 0x16,
  requestProblemInformation: 0x17,
  willDelayInterval: 0x18,
  requestResponseInformation: 0x19,
  responseInformation: 0x1a,
  serverReference: 0x1c,
  reasonString: 0x1f,
  receiveMaximum: 0x21,
  topicAliasMaximum: 0x22,
  topicAlias: 0x23,
  maximumQos: 0x24,
  retainAvailable: 0x25,
  userProperty: 0x26,
  maximumPacketSize: 0x27,
  wildcardSubscriptionAvailable: 0x28,
  subscriptionIdentifierAvailable: 0x29,
  sharedSubscriptionAvailable: 0x2a,
} as const;

type ValueType = 'byte' | 'u16' | 'u32' | 'varint' | 'utf8' | 'binary' | 'pair';

/** §2.2.2.2 table: each property's data type. */
const TYPES: Record<number, ValueType> = {
  1: 'byte',
  2: 'u32',
  3: 'utf8',
  8: 'utf8',
  9: 'binary',
  11: 'varint',
  17: 'u32',
  18: 'utf8',
  19: 'u16',
  21: 'utf8',
  22: 'binary',
  23: 'byte',
  24: 'u32',
  25: 'byte',
  26: 'utf8',
  28: 'utf8',
  31: 'utf8',
  33: 'u16',
  34: 'u16',
  35: 'u16',
  36: 'byte',
  37: 'byte',
  38: 'pair',
  39: 'u32',
  40: 'byte',
  41: 'byte',
  42: 'byte',
};

export type PropertyValue = number | string | Buffer | [string, string];
export type MqttProperty = { id: number; value: PropertyValue };

/** Reads a property block at the reader's position; an unknown identifier is a malformed packet. */
export function readProperties(reader: MqttReader): MqttProperty[] {
  const length = reader.varint();
  const end = reader.position + length;
  const properties: MqttProperty[] = [];
  while (reader.position < end) {
    const id = reader.varint();
    const type = TYPES[id];
    if (!type) throw new ProtocolError(undefined, `MQTT property 0x${id.toString(16)} unknown`);
    properties.push({ id, value: readValue(reader, type) });
  }
  if (reader.position !== end) throw new ProtocolError(undefined, 'MQTT property block overruns its length');
  return properties;
}

function readValue(reader: MqttReader, type: ValueType): PropertyValue {
  switch (type) {
    case 'byte':
      return reader.u8();
    case 'u16':
      return reader.u16();
    case 'u32':
      return reader.u32();
    case 'varint':
      return reader.varint();
    case 'utf8':
      return reader.utf8();
    case 'binary':
      return Buffer.from(reader.binary());
    case 'pair':
      return [reader.utf8(), reader.utf8()];
  }
}

/** The first value of a property, or undefined. */
export function property<T extends PropertyValue>(properties: readonly MqttProperty[], id: number): T | undefined {
  return properties.find((p) => p.id === id)?.value as T | undefined;
}

/** Encodes a property block, length first. */
export function encodeProperties(properties: readonly MqttProperty[]): Buffer {
  const parts: Buffer[] = [];
  for (const { id, value } of properties) {
    parts.push(encodeVarint(id), encodeValue(TYPES[id] ?? 'binary', value));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([encodeVarint(body.length), body]);
}

function encodeValue(type: ValueType, value: PropertyValue): Buffer {
  switch (type) {
    case 'byte':
      return Buffer.from([value as number]);
    case 'u16':
      return u16(value as number);
    case 'u32': {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(value as number);
      return bytes;
    }
    case 'varint':
      return encodeVarint(value as number);
    case 'utf8':
      return utf8Field(value as string);
    case 'binary':
      return Buffer.concat([u16((value as Buffer).length), value as Buffer]);
    case 'pair':
      return Buffer.concat([utf8Field((value as [string, string])[0]), utf8Field((value as [string, string])[1])]);
  }
}
