import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/**
 * The crypto of TP-Link KLAP ("Kasa Local Authentication Protocol"), used over HTTP by newer Kasa/Tapo devices and by
 * legacy plugs after the 2020 firmware change (fixtures README, kasa/iot). Facts from python-kasa
 * `kasa/transports/klaptransport.py`: v1 (IOT.KLAP) hashes credentials with MD5, v2 (SMART.KLAP) with SHA-1/SHA-256.
 */
export type KlapVersion = 1 | 2;

function digest(algorithm: 'md5' | 'sha1' | 'sha256', ...parts: Buffer[]): Buffer {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The secret both sides derive from the owner's TP-Link account (blank strings for a device never bound). */
export function klapAuthHash(version: KlapVersion, username: string, password: string): Buffer {
  const user = Buffer.from(username, 'utf8');
  const pass = Buffer.from(password, 'utf8');
  return version === 1
    ? digest('md5', digest('md5', user), digest('md5', pass))
    : digest('sha256', digest('sha1', user), digest('sha1', pass));
}

/** What the device returns after the remote seed in handshake1: proof that it knows the auth hash. */
export function klapServerHash(version: KlapVersion, localSeed: Buffer, remoteSeed: Buffer, authHash: Buffer): Buffer {
  return version === 1 ? digest('sha256', localSeed, authHash) : digest('sha256', localSeed, remoteSeed, authHash);
}

/** What the client posts to handshake2: its proof of the same auth hash. */
export function klapClientHash(version: KlapVersion, localSeed: Buffer, remoteSeed: Buffer, authHash: Buffer): Buffer {
  return version === 1 ? digest('sha256', remoteSeed, authHash) : digest('sha256', remoteSeed, localSeed, authHash);
}

/** Constant-time comparison of two hashes of possibly different length. */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function signedSeq(seq: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeInt32BE(seq, 0);
  return out;
}

/**
 * An established KLAP session: AES-128-CBC whose IV ends in a signed 32-bit sequence number, and a SHA-256 signature
 * in front of every ciphertext. Both ends derive the same keys from the two seeds and the auth hash.
 */
export class KlapSession {
  readonly #key: Buffer;
  readonly #ivPrefix: Buffer;
  readonly #signatureKey: Buffer;
  #seq: number;

  constructor(localSeed: Buffer, remoteSeed: Buffer, authHash: Buffer) {
    this.#key = digest('sha256', Buffer.from('lsk'), localSeed, remoteSeed, authHash).subarray(0, 16);
    const fullIv = digest('sha256', Buffer.from('iv'), localSeed, remoteSeed, authHash);
    this.#ivPrefix = fullIv.subarray(0, 12);
    this.#seq = fullIv.readInt32BE(28);
    this.#signatureKey = digest('sha256', Buffer.from('ldk'), localSeed, remoteSeed, authHash).subarray(0, 28);
  }

  /** Client side: the next sequence number and the signed ciphertext to post to `/app/request?seq=…`. */
  encryptNext(plain: Buffer): { seq: number; payload: Buffer } {
    this.#seq = this.#seq === 0x7fffffff ? -0x80000000 : this.#seq + 1;
    return { seq: this.#seq, payload: this.encrypt(plain, this.#seq) };
  }

  encrypt(plain: Buffer, seq: number): Buffer {
    const cipher = createCipheriv('aes-128-cbc', this.#key, Buffer.concat([this.#ivPrefix, signedSeq(seq)]));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const signature = digest('sha256', this.#signatureKey, signedSeq(seq), body);
    return Buffer.concat([signature, body]);
  }

  /**
   * Decrypts a signed payload; undefined when the padding (or, if checked, the signature) is wrong. Clients skip the
   * signature check on answers, as python-kasa does, so a device signing differently still reads.
   */
  decrypt(payload: Buffer, seq: number, checkSignature = true): Buffer | undefined {
    if (payload.length < 48) return undefined;
    const body = payload.subarray(32);
    const expected = digest('sha256', this.#signatureKey, signedSeq(seq), body);
    if (checkSignature && !sameHash(expected, payload.subarray(0, 32))) return undefined;
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.#key, Buffer.concat([this.#ivPrefix, signedSeq(seq)]));
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}
