import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

/**
 * The Noise Protocol Framework's CipherState for ChaChaPoly (Noise spec revision 34, §5.1 and §12.3): a 32-byte key
 * and a 64-bit counter nonce, encoded as 32 zero bits then the counter little-endian, under ChaCha20-Poly1305 with
 * 16-byte tags. Node's crypto provides the AEAD; the state machine around it is ours.
 */

/** Bytes of a ChaCha20-Poly1305 tag. */
export const NOISE_TAG_BYTES = 16;

/** §5.1: the nonce 2^64-1 is reserved, so a cipher refuses to go past it. */
const MAX_NONCE = 2n ** 64n - 1n;

export class NoiseCipherState {
  #key: Buffer | undefined;
  #nonce = 0n;

  constructor(key?: Buffer) {
    if (key) this.initializeKey(key);
  }

  /** InitializeKey(key): sets k and resets n to 0. */
  initializeKey(key: Buffer): void {
    this.#key = Buffer.from(key.subarray(0, 32));
    this.#nonce = 0n;
  }

  hasKey(): boolean {
    return this.#key !== undefined;
  }

  /** EncryptWithAd: without a key the plaintext passes through unchanged (§5.1). */
  encryptWithAd(ad: Buffer, plaintext: Buffer): Buffer {
    if (!this.#key) return plaintext;
    const cipher = createCipheriv('chacha20-poly1305', this.#key, this.#nextNonce(), {
      authTagLength: NOISE_TAG_BYTES,
    });
    cipher.setAAD(ad, { plaintextLength: plaintext.length });
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  /**
   * DecryptWithAd: the plaintext, or undefined when the tag does not verify (a wrong key or a forged frame). As the
   * spec asks, a failed decryption does not advance the nonce.
   */
  decryptWithAd(ad: Buffer, ciphertext: Buffer): Buffer | undefined {
    if (!this.#key) return ciphertext;
    if (ciphertext.length < NOISE_TAG_BYTES) return undefined;
    const body = ciphertext.subarray(0, ciphertext.length - NOISE_TAG_BYTES);
    const tag = ciphertext.subarray(ciphertext.length - NOISE_TAG_BYTES);
    const decipher = createDecipheriv('chacha20-poly1305', this.#key, nonceBytes(this.#nonce), {
      authTagLength: NOISE_TAG_BYTES,
    });
    decipher.setAAD(ad, { plaintextLength: body.length });
    decipher.setAuthTag(tag);
    try {
      const plaintext = Buffer.concat([decipher.update(body), decipher.final()]);
      this.#nonce += 1n;
      return plaintext;
    } catch {
      return undefined;
    }
  }

  #nextNonce(): Buffer {
    if (this.#nonce >= MAX_NONCE) throw new RangeError('Noise nonce exhausted');
    const bytes = nonceBytes(this.#nonce);
    this.#nonce += 1n;
    return bytes;
  }
}

function nonceBytes(nonce: bigint): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64LE(nonce, 4);
  return bytes;
}

/**
 * HKDF as Noise defines it (§4.3) over HMAC-SHA256: a temporary key from the chaining key and the input, then two
 * or three 32-byte outputs, each the HMAC of the previous output and a counter byte.
 */
export function noiseHkdf(chainingKey: Buffer, input: Buffer, outputs: 2 | 3): Buffer[] {
  const tempKey = createHmac('sha256', chainingKey).update(input).digest();
  const out: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let i = 1; i <= outputs; i++) {
    previous = createHmac('sha256', tempKey)
      .update(Buffer.concat([previous, Buffer.from([i])]))
      .digest();
    out.push(previous);
  }
  return out;
}
