import { ProtocolError } from '../../errors/index.ts';

/**
 * MQTT 3.1.1 control packets (OASIS MQTT Version 3.1.1, §2 and §3): a fixed header byte (type << 4 | flags),
 * the remaining length as a 1-4 byte varint (§2.2.3), then the variable header and payload.
 */
export const MQTT_TYPE = {
  connect: 1,
  connack: 2,
  publish: 3,
  puback: 4,
  subscribe: 8,
  suback: 9,
  unsubscribe: 10,
  unsuback: 11,
  pingreq: 12,
  pingresp: 13,
  disconnect: 14,
} as const;

/** CONNACK return codes (§3.2.2.3). */
export const CONNACK_CODES: Record<number, string> = {
  0: 'Connection Accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'Server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

export interface MqttPacket {
  type: number;
  flags: number;
  body: Buffer;
}

export function encodeLength(length: number): Buffer {
  const bytes: number[] = [];
  let x = length;
  do {
    let byte = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) byte |= 0x80;
    bytes.push(byte);
  } while (x > 0);
  return Buffer.from(bytes);
}

export function packet(type: number, flags: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(type << 4) | flags]), encodeLength(body.length), body]);
}

export function utf8Field(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

/**
 * Reads one packet from the start of `buf`: undefined while incomplete, ProtocolError when the length varint
 * runs past 4 bytes (§2.2.3) or past `maxBytes`.
 */
export function readPacket(buf: Buffer, maxBytes: number): { packet: MqttPacket; next: number } | undefined {
  if (buf.length < 2) return undefined;
  let length = 0;
  let multiplier = 1;
  let pos = 1;
  for (;;) {
    if (pos >= buf.length) return undefined;
    const byte = buf[pos] as number;
    length += (byte & 0x7f) * multiplier;
    pos += 1;
    if ((byte & 0x80) === 0) break;
    multiplier *= 128;
    if (pos > 4) throw new ProtocolError(undefined, 'MQTT remaining length longer than 4 bytes');
  }
  if (length > maxBytes) throw new ProtocolError(undefined, `MQTT packet of ${length} bytes exceeds ${maxBytes}`);
  if (buf.length < pos + length) return undefined;
  const first = buf[0] as number;
  return {
    packet: { type: first >> 4, flags: first & 0x0f, body: buf.subarray(pos, pos + length) },
    next: pos + length,
  };
}

/** A CONNECT with clean session and no will; username/password only when given (§3.1). */
export function encodeConnect(options: {
  clientId: string;
  keepAliveS?: number;
  username?: string;
  password?: string;
}): Buffer {
  let flags = 0x02;
  if (options.username !== undefined) flags |= 0x80;
  if (options.password !== undefined) flags |= 0x40;
  const keepAlive = Buffer.alloc(2);
  keepAlive.writeUInt16BE(options.keepAliveS ?? 30);
  const parts = [utf8Field('MQTT'), Buffer.from([4, flags]), keepAlive, utf8Field(options.clientId)];
  if (options.username !== undefined) parts.push(utf8Field(options.username));
  if (options.password !== undefined) parts.push(utf8Field(options.password));
  return packet(MQTT_TYPE.connect, 0, Buffer.concat(parts));
}

/** Reads a length-prefixed string at `pos` (§1.5.3), bounds-checked. */
export function readUtf8(body: Buffer, pos: number): { text: string; next: number } {
  if (pos + 2 > body.length) throw new ProtocolError(undefined, 'MQTT string truncated');
  const length = body.readUInt16BE(pos);
  if (pos + 2 + length > body.length) throw new ProtocolError(undefined, 'MQTT string truncated');
  return { text: body.toString('utf8', pos + 2, pos + 2 + length), next: pos + 2 + length };
}
