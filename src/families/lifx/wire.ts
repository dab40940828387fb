/**
 * The LIFX LAN protocol's 36-byte header (https://lan.developer.lifx.com/docs/header-description; the field layout
 * is also in ../shared/fixtures/lifx/README.md). All integers are little-endian.
 *
 *   frame (8):          size u16 | protocol 12 bits = 1024, addressable 1, tagged 1, origin 2 | source u32
 *   frame address (16): target 8 (MAC + 2 zero bytes) | reserved 6 | flags u8 (bit 0 res_required, bit 1 ack_required) | sequence u8
 *   protocol header (12): reserved 8 | type u16 | reserved 2
 */

export const LIFX_PORT = 56700;
export const LIFX_HEADER_BYTES = 36;
/** The only protocol number LIFX devices speak. */
const PROTOCOL = 1024;
/** Largest payload iotwarden reads or sends (the biggest message it handles, StateLocation, has 56). */
const MAX_PAYLOAD_BYTES = 1024;

export interface LifxHeader {
  /** Set on discovery broadcasts: every device answers, whatever its MAC. */
  tagged: boolean;
  /** Echoed by the device in its answer: how a client matches answers to requests. */
  source: number;
  /** The device's MAC as 12 hex digits (all zero when `tagged`). */
  target: string;
  resRequired: boolean;
  ackRequired: boolean;
  sequence: number;
  type: number;
}

export interface LifxPacket {
  header: LifxHeader;
  payload: Buffer;
}

/**
 * The ASCII `LIFXV2` real devices put in the frame address's reserved bytes (the vendor's own packet example,
 * ../shared/fixtures/lifx/packet/lifx-docs_decoding-a-packet_StateLabel25.hex). Clients leave them zero.
 */
export const DEVICE_RESERVED = Buffer.from('LIFXV2', 'ascii');

/** Builds one datagram. `reserved` fills the frame address's 6 reserved bytes (devices: `LIFXV2`). */
export function encodeLifx(header: LifxHeader, payload: Buffer = Buffer.alloc(0), reserved?: Buffer): Buffer {
  const datagram = Buffer.alloc(LIFX_HEADER_BYTES + payload.length);
  datagram.writeUInt16LE(datagram.length, 0);
  // addressable is always 1; origin is always 0.
  datagram.writeUInt16LE(PROTOCOL | (1 << 12) | (header.tagged ? 1 << 13 : 0), 2);
  datagram.writeUInt32LE(header.source >>> 0, 4);
  Buffer.from(header.target.padEnd(12, '0').slice(0, 12), 'hex').copy(datagram, 8);
  reserved?.copy(datagram, 16, 0, 6);
  datagram.writeUInt8((header.resRequired ? 1 : 0) | (header.ackRequired ? 2 : 0), 22);
  datagram.writeUInt8(header.sequence & 0xff, 23);
  datagram.writeUInt16LE(header.type, 32);
  payload.copy(datagram, LIFX_HEADER_BYTES);
  return datagram;
}

/**
 * Parses one datagram, or undefined when it is not a well-formed LIFX packet: shorter than the header, a size field
 * that disagrees with the datagram's length (a truncated or padded packet), another protocol number, or a payload
 * larger than any message iotwarden handles. Device bytes are untrusted: nothing here throws.
 */
export function decodeLifx(datagram: Buffer): LifxPacket | undefined {
  if (datagram.length < LIFX_HEADER_BYTES) return undefined;
  if (datagram.readUInt16LE(0) !== datagram.length) return undefined;
  if (datagram.length - LIFX_HEADER_BYTES > MAX_PAYLOAD_BYTES) return undefined;
  const bits = datagram.readUInt16LE(2);
  if ((bits & 0x0fff) !== PROTOCOL || (bits & (1 << 12)) === 0) return undefined;
  const flags = datagram.readUInt8(22);
  return {
    header: {
      tagged: (bits & (1 << 13)) !== 0,
      source: datagram.readUInt32LE(4),
      target: datagram.subarray(8, 14).toString('hex'),
      resRequired: (flags & 1) !== 0,
      ackRequired: (flags & 2) !== 0,
      sequence: datagram.readUInt8(23),
      type: datagram.readUInt16LE(32),
    },
    payload: Buffer.from(datagram.subarray(LIFX_HEADER_BYTES)),
  };
}

/** `d073d5309d9e` → `D0:73:D5:30:9D:9E`. */
export function targetToMac(target: string): string {
  return (target.toUpperCase().match(/../g) ?? []).join(':');
}

/** `D0:73:D5:30:9D:9E` → `d073d5309d9e`. */
export function macToTarget(mac: string): string {
  return mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}
