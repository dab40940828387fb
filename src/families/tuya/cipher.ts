import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';

/**
 * Tuya's payload ciphers (tinytuya PROTOCOL.md): AES-128-ECB with the device's 16-character local key (or, in 3.4,
 * the session key), PKCS#7 padded; the UDP discovery key is MD5("yGAdlopoPVldABfn") for every device.
 */

/** The well-known key of encrypted discovery beacons (UDP 6667, and 6699 frames on 7000). */
export const UDP_DISCOVERY_KEY = createHash('md5').update('yGAdlopoPVldABfn').digest();

/** 3.2+ put the version and 12 zero bytes before some payloads; 3.3+ a source header of the same size. */
export const VERSION_HEADER_BYTES = 15;

export function ecbEncrypt(key: Buffer, plain: Buffer, pad = true): Buffer {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(pad);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** Undefined when the key is wrong (the padding does not check out) or the length is not whole blocks. */
export function ecbDecrypt(key: Buffer, data: Buffer, pad = true): Buffer | undefined {
  if (data.length === 0 || data.length % 16 !== 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-128-ecb', key, null);
    decipher.setAutoPadding(pad);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return undefined;
  }
}

export function hmacSha256(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** A local key as bytes: Tuya local keys are 16 ASCII characters used directly as the AES key. */
export function localKeyBytes(localKey: string): Buffer | undefined {
  const bytes = Buffer.from(localKey, 'utf8');
  return bytes.length === 16 ? bytes : undefined;
}

/**
 * 3.1 CONTROL payloads: `3.1` + the hex MD5 of `data=<base64>||lpv=3.1||<key>`, characters 8-24, + the base64 of
 * the ECB ciphertext. The MD5 is a signature only in name: no secret beyond the static key, no replay protection.
 */
export function sign31(base64: string, localKey: string): string {
  return createHash('md5').update(`data=${base64}||lpv=3.1||${localKey}`).digest('hex').slice(8, 24);
}

/** 3.4 session key: AES-ECB (no padding) of client nonce XOR device nonce, with the local key (PROTOCOL.md 3.4). */
export function sessionKey34(localKey: Buffer, clientNonce: Buffer, deviceNonce: Buffer): Buffer {
  const mixed = Buffer.alloc(16);
  for (let index = 0; index < 16; index += 1) mixed[index] = (clientNonce[index] ?? 0) ^ (deviceNonce[index] ?? 0);
  return ecbEncrypt(localKey, mixed, false);
}

/** Strips a leading `3.x` version or source header (15 bytes) if the payload has one. */
export function withoutVersionHeader(payload: Buffer): Buffer {
  return /^3\.\d$/.test(payload.subarray(0, 3).toString('latin1')) ? payload.subarray(VERSION_HEADER_BYTES) : payload;
}

/** `3.3` + 12 zero bytes, the header 3.2+ put before CONTROL payloads. */
export function versionHeader(version: string): Buffer {
  const header = Buffer.alloc(VERSION_HEADER_BYTES);
  header.write(version.slice(0, 3), 0, 'latin1');
  return header;
}
