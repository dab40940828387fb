import { crc32 } from 'node:zlib';

/**
 * The 16-byte TP-Link Device Protocol (TDP) header in front of UDP 20002 discovery datagrams, big-endian:
 * version u8, message type u8, op code u16, payload size u16, flags u8, padding u8, serial u32, CRC-32 u32.
 * The CRC covers header and payload, computed with the CRC field holding 0x5A6B7C8D. Facts from python-kasa
 * `kasa/discover.py` (`_AesDiscoveryQuery`, citing labs.withsecure.com/advisories/tp-link-ac1750-pwn2own-2019);
 * the all-zero-payload query `020000010000000000000000463cb5d3` there checks out against this rule.
 */
export const TDP_HEADER_BYTES = 16;
const TDP_VERSION = 2;
const OP_PROBE = 1;
const CRC_SEED = 0x5a6b7c8d;

export interface TdpHeader {
  version: number;
  messageType: number;
  opCode: number;
  payloadBytes: number;
  flags: number;
  serial: number;
  crc: number;
}

/** Builds header + payload with a correct CRC. */
export function encodeTdp(
  payload: Buffer,
  options: { serial?: number; flags?: number; messageType?: number } = {},
): Buffer {
  const out = Buffer.alloc(TDP_HEADER_BYTES + payload.length);
  out.writeUInt8(TDP_VERSION, 0);
  out.writeUInt8(options.messageType ?? 0, 1);
  out.writeUInt16BE(OP_PROBE, 2);
  out.writeUInt16BE(payload.length, 4);
  out.writeUInt8(options.flags ?? (payload.length > 0 ? 0x11 : 0), 6);
  out.writeUInt8(0, 7);
  out.writeUInt32BE((options.serial ?? 0) >>> 0, 8);
  out.writeUInt32BE(CRC_SEED, 12);
  payload.copy(out, TDP_HEADER_BYTES);
  out.writeUInt32BE(crc32(out) >>> 0, 12);
  return out;
}

/** Reads the header; undefined for datagrams too short or not TDP version 2. */
export function decodeTdpHeader(datagram: Buffer): TdpHeader | undefined {
  if (datagram.length < TDP_HEADER_BYTES || datagram.readUInt8(0) !== TDP_VERSION) return undefined;
  return {
    version: datagram.readUInt8(0),
    messageType: datagram.readUInt8(1),
    opCode: datagram.readUInt16BE(2),
    payloadBytes: datagram.readUInt16BE(4),
    flags: datagram.readUInt8(6),
    serial: datagram.readUInt32BE(8),
    crc: datagram.readUInt32BE(12),
  };
}

/** True when the datagram's CRC field matches its content. */
export function tdpCrcValid(datagram: Buffer): boolean {
  if (datagram.length < TDP_HEADER_BYTES) return false;
  const copy = Buffer.from(datagram);
  copy.writeUInt32BE(CRC_SEED, 12);
  return crc32(copy) >>> 0 === datagram.readUInt32BE(12);
}
