import { ProtocolError } from '../../errors/index.ts';

/**
 * The few protobuf primitives the ESPHome native API needs (protobuf encoding guide: varints, wire types 0, 1, 2, 5).
 * Written here rather than pulling a protobuf library: the API's messages use strings, bools, uint32s and enums
 * (varints), entity keys (fixed32) and sensor values (float, also fixed32 on the wire).
 */

/** Wire types from the protobuf encoding spec. */
export const WIRE = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/** Encodes an unsigned integer (up to 2^53) as a base-128 varint, low group first. */
export function encodeVarint(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`varint must be a non-negative integer: ${value}`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Reads a varint at `offset`; undefined when the buffer ends inside it (more bytes needed). */
export function decodeVarint(buffer: Buffer, offset = 0): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < buffer.length; i++) {
    const byte = buffer[i] as number;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    scale *= 0x80;
    // 10 bytes is the longest legal varint; a longer run is garbage, not an incomplete read.
    if (i - offset >= 9) throw new ProtocolError(undefined, 'protobuf varint longer than 10 bytes');
  }
  return undefined;
}

/** Builds one message field by field. Like proto3, default values (0, false, '') are left out. */
export class ProtoWriter {
  readonly #parts: Buffer[] = [];

  uint32(field: number, value: number | undefined): this {
    if (value) this.#parts.push(encodeVarint((field << 3) | WIRE.varint), encodeVarint(value));
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    return this.uint32(field, value ? 1 : 0);
  }

  /** An enum value; like proto3, the zero value is left out. Negative enums do not occur in api.proto. */
  enumValue(field: number, value: number | undefined): this {
    return this.uint32(field, value);
  }

  /** A repeated varint field, one tag per element (unpacked, as ESPHome's generated encoder writes them). */
  repeatedUint32(field: number, values: readonly number[]): this {
    for (const value of values) this.#parts.push(encodeVarint((field << 3) | WIRE.varint), encodeVarint(value));
    return this;
  }

  /** `fixed32`: four little-endian bytes (entity keys). */
  fixed32(field: number, value: number | undefined): this {
    if (!value) return this;
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value >>> 0);
    this.#parts.push(encodeVarint((field << 3) | WIRE.fixed32), bytes);
    return this;
  }

  /** `float`: an IEEE 754 single in four little-endian bytes; 0 is left out, NaN is written. */
  float(field: number, value: number | undefined): this {
    if (value === undefined || value === 0) return this;
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    this.#parts.push(encodeVarint((field << 3) | WIRE.fixed32), bytes);
    return this;
  }

  string(field: number, value: string | undefined): this {
    if (!value) return this;
    const bytes = Buffer.from(value, 'utf8');
    this.#parts.push(encodeVarint((field << 3) | WIRE.lengthDelimited), encodeVarint(bytes.length), bytes);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** The decoded fields of one message: field number → values in order (varints as numbers, the rest as bytes). */
export class ProtoFields {
  readonly #fields = new Map<number, Array<number | Buffer>>();

  add(field: number, value: number | Buffer): void {
    const list = this.#fields.get(field) ?? [];
    list.push(value);
    this.#fields.set(field, list);
  }

  /** Last value wins, as protobuf parsers do for repeated scalar fields. */
  uint32(field: number): number {
    const value = this.#fields.get(field)?.at(-1);
    return typeof value === 'number' ? value : 0;
  }

  bool(field: number): boolean {
    return this.uint32(field) !== 0;
  }

  string(field: number): string {
    const value = this.#fields.get(field)?.at(-1);
    return Buffer.isBuffer(value) ? value.toString('utf8') : '';
  }

  /** A `fixed32` field (an entity key); 0 when absent or not four bytes. */
  fixed32(field: number): number {
    const value = this.#fields.get(field)?.at(-1);
    return Buffer.isBuffer(value) && value.length === 4 ? value.readUInt32LE(0) : 0;
  }

  /** A `float` field; 0 when absent or not four bytes. */
  float(field: number): number {
    const value = this.#fields.get(field)?.at(-1);
    return Buffer.isBuffer(value) && value.length === 4 ? value.readFloatLE(0) : 0;
  }

  /** Every value of a repeated varint field, packed or not. */
  repeatedUint32(field: number): number[] {
    const out: number[] = [];
    for (const value of this.#fields.get(field) ?? []) {
      if (typeof value === 'number') out.push(value);
      else
        for (let at = 0; at < value.length; ) {
          const item = decodeVarint(value, at);
          if (!item) throw new ProtocolError(undefined, `packed field ${field} cut off`);
          out.push(item.value);
          at = item.next;
        }
    }
    return out;
  }

  has(field: number): boolean {
    return this.#fields.has(field);
  }
}

/** Decodes a whole message; unknown fields are kept, malformed input is a ProtocolError. */
export function decodeMessage(buffer: Buffer): ProtoFields {
  const fields = new ProtoFields();
  let offset = 0;
  while (offset < buffer.length) {
    const key = decodeVarint(buffer, offset);
    if (!key) throw new ProtocolError(undefined, 'protobuf field key cut off');
    const field = Math.floor(key.value / 8);
    const wire = key.value % 8;
    offset = key.next;
    if (wire === WIRE.varint) {
      const value = decodeVarint(buffer, offset);
      if (!value) throw new ProtocolError(undefined, `protobuf varint of field ${field} cut off`);
      fields.add(field, value.value);
      offset = value.next;
    } else if (wire === WIRE.lengthDelimited) {
      const length = decodeVarint(buffer, offset);
      if (!length || length.next + length.value > buffer.length) {
        throw new ProtocolError(undefined, `protobuf bytes of field ${field} cut off`);
      }
      fields.add(field, buffer.subarray(length.next, length.next + length.value));
      offset = length.next + length.value;
    } else if (wire === WIRE.fixed32 || wire === WIRE.fixed64) {
      const size = wire === WIRE.fixed32 ? 4 : 8;
      if (offset + size > buffer.length) throw new ProtocolError(undefined, `protobuf fixed field ${field} cut off`);
      fields.add(field, buffer.subarray(offset, offset + size));
      offset += size;
    } else {
      throw new ProtocolError(undefined, `protobuf wire type ${wire} of field ${field} is not supported`);
    }
  }
  return fields;
}
