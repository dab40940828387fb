import { ProtocolError } from '../../errors/index.ts';

/**
 * A minimal BSON codec (https://bsonspec.org/spec.html), enough for the MongoDB handshake and admin commands:
 * double, string, document, array, binary, ObjectId, boolean, UTC datetime, null, int32, timestamp and int64.
 * Decoding bounds-checks every length, because the bytes come from an untrusted peer.
 */
export type BsonValue =
  | number
  | string
  | boolean
  | null
  | bigint
  | Date
  | Buffer
  | BsonObjectId
  | BsonInt64
  | BsonTimestamp
  | BsonDouble
  | BsonValue[]
  | BsonDocument;
export interface BsonDocument {
  [key: string]: BsonValue;
}

/** A 12-byte ObjectId (type 0x07). */
export class BsonObjectId {
  readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    if (bytes.length !== 12) throw new RangeError('an ObjectId has 12 bytes');
    this.bytes = bytes;
  }
  toHexString(): string {
    return this.bytes.toString('hex');
  }
}

/** A number that must encode as a double (type 0x01) even when integral, as mongod sends `ok: 1.0`. */
export class BsonDouble {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** An explicit int64 (type 0x12); plain `bigint` values encode as int64 too. */
export class BsonInt64 {
  readonly value: bigint;
  constructor(value: bigint | number) {
    this.value = BigInt(value);
  }
}

/** A replication timestamp (type 0x11): increment in the low word, seconds in the high word. */
export class BsonTimestamp {
  readonly seconds: number;
  readonly increment: number;
  constructor(seconds: number, increment: number) {
    this.seconds = seconds;
    this.increment = increment;
  }
}

export function encodeBson(doc: BsonDocument): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(doc)) parts.push(encodeElement(key, value));
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(body.length + 5);
  out.writeInt32LE(out.length, 0);
  body.copy(out, 4);
  out[out.length - 1] = 0;
  return out;
}

function cstring(text: string): Buffer {
  if (text.includes('\0')) throw new RangeError('BSON keys cannot contain NUL');
  return Buffer.from(`${text}\0`, 'utf8');
}

function element(type: number, key: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), cstring(key), payload]);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

function encodeElement(key: string, value: BsonValue): Buffer {
  if (value === null) return element(0x0a, key, Buffer.alloc(0));
  if (typeof value === 'boolean') return element(0x08, key, Buffer.from([value ? 1 : 0]));
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return element(0x02, key, Buffer.concat([int32(text.length + 1), text, Buffer.from([0])]));
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && !Object.is(value, -0)) {
      return element(0x10, key, int32(value));
    }
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    return element(0x01, key, b);
  }
  if (typeof value === 'bigint' || value instanceof BsonInt64) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(typeof value === 'bigint' ? value : value.value);
    return element(0x12, key, b);
  }
  if (value instanceof Date) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(value.getTime()));
    return element(0x09, key, b);
  }
  if (value instanceof BsonDouble) {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value.value);
    return element(0x01, key, b);
  }
  if (value instanceof BsonObjectId) return element(0x07, key, value.bytes);
  if (value instanceof BsonTimestamp) {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(value.increment, 0);
    b.writeUInt32LE(value.seconds, 4);
    return element(0x11, key, b);
  }
  if (Buffer.isBuffer(value)) {
    return element(0x05, key, Buffer.concat([int32(value.length), Buffer.from([0]), value]));
  }
  if (Array.isArray(value)) {
    const asDoc: BsonDocument = {};
    value.forEach((v, i) => {
      asDoc[String(i)] = v;
    });
    return element(0x04, key, encodeBson(asDoc));
  }
  return element(0x03, key, encodeBson(value));
}

/** Decodes one document that starts at `offset` and must fit inside `buf`. */
export function decodeBson(buf: Buffer, offset = 0, depth = 0): BsonDocument {
  // fromEntries defines own properties, so a hostile `__proto__` key cannot reach the prototype.
  return Object.fromEntries(decodeElements(buf, offset, depth));
}

/** Size of the document at `offset`, read from its length prefix (throws when it cannot fit). */
export function bsonLength(buf: Buffer, offset = 0): number {
  if (offset + 5 > buf.length) throw new ProtocolError(undefined, 'BSON document truncated');
  const length = buf.readInt32LE(offset);
  if (length < 5 || offset + length > buf.length) throw new ProtocolError(undefined, 'BSON length out of range');
  return length;
}

function decodeElements(buf: Buffer, offset: number, depth: number): Array<[string, BsonValue]> {
  // Nesting this deep is an attack, not a MongoDB answer.
  if (depth > 32) throw new ProtocolError(undefined, 'BSON nested too deeply');
  const end = offset + bsonLength(buf, offset);
  if (buf[end - 1] !== 0) throw new ProtocolError(undefined, 'BSON document not NUL-terminated');
  const out: Array<[string, BsonValue]> = [];
  let pos = offset + 4;
  while (pos < end - 1) {
    const type = buf[pos] as number;
    pos += 1;
    const nul = buf.indexOf(0, pos);
    if (nul < 0 || nul >= end) throw new ProtocolError(undefined, 'BSON key not terminated');
    const key = buf.toString('utf8', pos, nul);
    pos = nul + 1;
    const [value, next] = decodeValue(buf, type, pos, end, depth);
    out.push([key, value]);
    pos = next;
  }
  return out;
}

function need(pos: number, size: number, end: number): void {
  if (size < 0 || pos + size > end) throw new ProtocolError(undefined, 'BSON value truncated');
}

function decodeValue(buf: Buffer, type: number, pos: number, end: number, depth: number): [BsonValue, number] {
  switch (type) {
    case 0x01:
      need(pos, 8, end);
      return [buf.readDoubleLE(pos), pos + 8];
    case 0x02: {
      need(pos, 4, end);
      const size = buf.readInt32LE(pos);
      need(pos + 4, size, end);
      if (size < 1) throw new ProtocolError(undefined, 'BSON string length invalid');
      return [buf.toString('utf8', pos + 4, pos + 4 + size - 1), pos + 4 + size];
    }
    case 0x03:
    case 0x04: {
      const size = bsonLength(buf, pos);
      need(pos, size, end);
      const entries = decodeElements(buf, pos, depth + 1);
      const value = type === 0x03 ? Object.fromEntries(entries) : entries.map(([, v]) => v);
      return [value, pos + size];
    }
    case 0x05: {
      need(pos, 5, end);
      const size = buf.readInt32LE(pos);
      need(pos + 5, size, end);
      return [Buffer.from(buf.subarray(pos + 5, pos + 5 + size)), pos + 5 + size];
    }
    case 0x07:
      need(pos, 12, end);
      return [new BsonObjectId(Buffer.from(buf.subarray(pos, pos + 12))), pos + 12];
    case 0x08:
      need(pos, 1, end);
      return [buf[pos] === 1, pos + 1];
    case 0x09:
      need(pos, 8, end);
      return [new Date(Number(buf.readBigInt64LE(pos))), pos + 8];
    case 0x0a:
      return [null, pos];
    case 0x10:
      need(pos, 4, end);
      return [buf.readInt32LE(pos), pos + 4];
    case 0x11:
      need(pos, 8, end);
      return [new BsonTimestamp(buf.readUInt32LE(pos + 4), buf.readUInt32LE(pos)), pos + 8];
    case 0x12:
      need(pos, 8, end);
      return [new BsonInt64(buf.readBigInt64LE(pos)), pos + 8];
    default:
      throw new ProtocolError(undefined, `BSON type 0x${type.toString(16)} not supported`);
  }
}

/** A number from a BSON value that may be int32, int64 or double (MongoDB mixes them, e.g. `ok: 1.0`). */
export function bsonNumber(value: BsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof BsonInt64) return Number(value.value);
  if (value instanceof BsonDouble) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}
