import { ProtocolError } from '../../../errors/index.ts';

/**
 * A bounds-checked cursor over one MQTT packet body (OASIS MQTT 5.0 §1.5 data representation: big-endian
 * integers, UTF-8 strings and binary data with a 2-byte length, variable byte integers). Anything that runs past
 * the end is a ProtocolError: the broker treats it as a malformed packet.
 */
export class MqttReader {
  readonly #body: Buffer;
  #pos: number;

  constructor(body: Buffer, pos = 0) {
    this.#body = body;
    this.#pos = pos;
  }

  get position(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.#body.length - this.#pos;
  }

  u8(): number {
    this.#need(1);
    const value = this.#body[this.#pos] as number;
    this.#pos += 1;
    return value;
  }

  u16(): number {
    this.#need(2);
    const value = this.#body.readUInt16BE(this.#pos);
    this.#pos += 2;
    return value;
  }

  u32(): number {
    this.#need(4);
    const value = this.#body.readUInt32BE(this.#pos);
    this.#pos += 4;
    return value;
  }

  /** §1.5.5 Variable Byte Integer: at most four bytes. */
  varint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 4; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return value;
      multiplier *= 128;
    }
    throw new ProtocolError(undefined, 'MQTT variable byte integer longer than 4 bytes');
  }

  binary(): Buffer {
    const length = this.u16();
    return this.bytes(length);
  }

  /** §1.5.4: a UTF-8 string; U+0000 is not allowed in one. */
  utf8(): string {
    const bytes = this.binary();
    if (bytes.includes(0)) throw new ProtocolError(undefined, 'MQTT string contains U+0000');
    return bytes.toString('utf8');
  }

  bytes(length: number): Buffer {
    this.#need(length);
    const value = this.#body.subarray(this.#pos, this.#pos + length);
    this.#pos += length;
    return value;
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  #need(count: number): void {
    if (this.#pos + count > this.#body.length) throw new ProtocolError(undefined, 'MQTT packet truncated');
  }
}

/** §1.5.5: encodes a variable byte integer. */
export function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return Buffer.from(bytes);
}

export function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}
