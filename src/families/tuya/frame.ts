import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Tuya's local frames (tinytuya PROTOCOL.md, "Packet Format"; the LAN facts in ../shared/fixtures/tuya/README.md).
 * Big-endian throughout.
 *
 *   55AA (3.1-3.4): 000055AA | seq u32 | cmd u32 | length u32 | [retcode u32, device → client] | payload | check | 0000AA55
 *     `length` counts from the retcode (or payload) through the footer; `check` is CRC32 of everything before it
 *     (3.1-3.3, and every UDP beacon) or HMAC-SHA256 with the (session) key (3.4 on TCP).
 *   6699 (3.5):   00006699 | reserved u16 | seq u32 | cmd u32 | length u32 | iv 12 | ciphertext | tag 16 | 00009966
 *     AES-128-GCM; `length` counts iv, ciphertext and tag; the 14 bytes after the prefix are the associated data.
 */

export const PREFIX_55AA = 0x000055aa;
export const SUFFIX_55AA = 0x0000aa55;
export const PREFIX_6699 = 0x00006699;
export const SUFFIX_6699 = 0x00009966;
/** Frames larger than this are refused before any allocation: real ones are a few hundred bytes. */
export const MAX_FRAME_BYTES = 64 * 1024;

export const TuyaCommand = {
  UDP: 0x00,
  SESS_KEY_NEG_START: 0x03,
  SESS_KEY_NEG_RES: 0x04,
  SESS_KEY_NEG_FINISH: 0x05,
  CONTROL: 0x07,
  STATUS: 0x08,
  HEART_BEAT: 0x09,
  DP_QUERY: 0x0a,
  CONTROL_NEW: 0x0d,
  DP_QUERY_NEW: 0x10,
  UPDATEDPS: 0x12,
  UDP_NEW: 0x13,
  BOARDCAST_LPV34: 0x23,
  REQ_DEVINFO: 0x25,
} as const;

/** How a 55AA frame is checked: CRC32, or HMAC-SHA256 with this key (3.4). */
export type Integrity = { kind: 'crc' } | { kind: 'hmac'; key: Buffer };

export interface Frame55aa {
  seq: number;
  cmd: number;
  /** Present on device → client frames. */
  retcode?: number;
  payload: Buffer;
}

export function encode55aa(frame: Frame55aa, integrity: Integrity): Buffer {
  const retcode = frame.retcode === undefined ? Buffer.alloc(0) : u32(frame.retcode);
  const checkBytes = integrity.kind === 'crc' ? 4 : 32;
  const head = Buffer.alloc(16);
  head.writeUInt32BE(PREFIX_55AA, 0);
  head.writeUInt32BE(frame.seq >>> 0, 4);
  head.writeUInt32BE(frame.cmd >>> 0, 8);
  head.writeUInt32BE(retcode.length + frame.payload.length + checkBytes + 4, 12);
  const body = Buffer.concat([head, retcode, frame.payload]);
  return Buffer.concat([body, check(body, integrity), u32(SUFFIX_55AA)]);
}

export type DecodeResult<T> = { ok: true; frame: T; rest: Buffer } | { ok: false; reason: string } | { ok: 'partial' };

/**
 * Reads the first 55AA frame of `data`. `hasRetcode` says whether the sender is a device (device frames carry a
 * return code before the payload). A frame whose CRC or HMAC does not match, or whose length field lies, is
 * refused with a reason; never throws on device bytes.
 */
export function decode55aa(data: Buffer, integrity: Integrity, hasRetcode: boolean): DecodeResult<Frame55aa> {
  if (data.length < 16) return { ok: 'partial' };
  if (data.readUInt32BE(0) !== PREFIX_55AA) return { ok: false, reason: 'no 000055AA prefix' };
  const length = data.readUInt32BE(12);
  const checkBytes = integrity.kind === 'crc' ? 4 : 32;
  const minimum = checkBytes + 4 + (hasRetcode ? 4 : 0);
  if (length < minimum || length > MAX_FRAME_BYTES) return { ok: false, reason: `length field ${length} out of range` };
  const total = 16 + length;
  if (data.length < total) return { ok: 'partial' };
  if (data.readUInt32BE(total - 4) !== SUFFIX_55AA) return { ok: false, reason: 'no 0000AA55 suffix' };
  const body = data.subarray(0, total - 4 - checkBytes);
  const expected = check(body, integrity);
  if (!expected.equals(data.subarray(total - 4 - checkBytes, total - 4))) {
    return { ok: false, reason: integrity.kind === 'crc' ? 'CRC32 mismatch' : 'HMAC mismatch' };
  }
  const start = hasRetcode ? 20 : 16;
  const frame: Frame55aa = {
    seq: data.readUInt32BE(4),
    cmd: data.readUInt32BE(8),
    payload: Buffer.from(data.subarray(start, total - 4 - checkBytes)),
  };
  if (hasRetcode) frame.retcode = data.readUInt32BE(16);
  return { ok: true, frame, rest: data.subarray(total) };
}

export interface Frame6699 {
  seq: number;
  cmd: number;
  /** The plaintext: for device frames a 4-byte return code may come first (tinytuya "Retcode & Header"). */
  payload: Buffer;
}

/** A 6699 frame, AES-128-GCM with `key` and a fresh 12-byte IV. */
export function encode6699(frame: Frame6699, key: Buffer, iv: Buffer = randomBytes(12)): Buffer {
  const header = Buffer.alloc(18);
  header.writeUInt32BE(PREFIX_6699, 0);
  header.writeUInt16BE(0, 4);
  header.writeUInt32BE(frame.seq >>> 0, 6);
  header.writeUInt32BE(frame.cmd >>> 0, 10);
  header.writeUInt32BE(12 + frame.payload.length + 16, 14);
  const cipher = createCipheriv('aes-128-gcm', key, iv);
  cipher.setAAD(header.subarray(4));
  const body = Buffer.concat([cipher.update(frame.payload), cipher.final()]);
  return Buffer.concat([header, iv, body, cipher.getAuthTag(), u32(SUFFIX_6699)]);
}

/** Reads one 6699 frame; a frame whose GCM tag does not verify is refused. */
export function decode6699(data: Buffer, key: Buffer): DecodeResult<Frame6699> {
  if (data.length < 18) return { ok: 'partial' };
  if (data.readUInt32BE(0) !== PREFIX_6699) return { ok: false, reason: 'no 00006699 prefix' };
  const length = data.readUInt32BE(14);
  if (length < 28 || length > MAX_FRAME_BYTES) return { ok: false, reason: `length field ${length} out of range` };
  const total = 18 + length + 4;
  if (data.length < total) return { ok: 'partial' };
  if (data.readUInt32BE(total - 4) !== SUFFIX_6699) return { ok: false, reason: 'no 00009966 suffix' };
  try {
    const decipher = createDecipheriv('aes-128-gcm', key, data.subarray(18, 30));
    decipher.setAAD(data.subarray(4, 18));
    decipher.setAuthTag(data.subarray(total - 20, total - 4));
    const payload = Buffer.concat([decipher.update(data.subarray(30, total - 20)), decipher.final()]);
    return {
      ok: true,
      frame: { seq: data.readUInt32BE(6), cmd: data.readUInt32BE(10), payload },
      rest: data.subarray(total),
    };
  } catch {
    return { ok: false, reason: 'GCM tag mismatch' };
  }
}

function check(body: Buffer, integrity: Integrity): Buffer {
  if (integrity.kind === 'hmac') return createHmac('sha256', integrity.key).update(body).digest();
  return u32(crc32(body));
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0, 0);
  return bytes;
}
