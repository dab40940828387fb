import { createHash, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { NOISE_TAG_BYTES, NoiseCipherState, noiseHkdf } from './noise-cipher.ts';

/**
 * The one Noise handshake the ESPHome native API uses, Noise_NNpsk0_25519_ChaChaPoly_SHA256 (Noise spec revision
 * 34; ESPHome api_frame_helper_noise.cpp), for either side:
 *
 *     NNpsk0:
 *       -> psk, e
 *       <- e, ee
 *
 * Neither side has a static key; both hold the 32-byte pre-shared key (the node's `api: encryption: key:`). A
 * client with another key fails at the first message: its payload's tag cannot verify on the node.
 */
export const NOISE_PROTOCOL_NAME = 'Noise_NNpsk0_25519_ChaChaPoly_SHA256';

/** Bytes of an X25519 public key (DHLEN). */
const DH_BYTES = 32;

export type NoiseRole = 'initiator' | 'responder';

/** Why reading a handshake message failed: a tag that does not verify (wrong key), or a malformed message. */
export type NoiseReadFailure = 'mac' | 'format';

export type NoiseReadResult = { ok: true; payload: Buffer } | { ok: false; failure: NoiseReadFailure };

/** The two transport ciphers after the handshake, seen from one side. */
export interface NoiseTransport {
  send: NoiseCipherState;
  receive: NoiseCipherState;
}

/** SymmetricState (§5.2): the chaining key, the handshake hash and the current cipher. */
class SymmetricState {
  chainingKey: Buffer;
  hash: Buffer;
  readonly cipher = new NoiseCipherState();

  constructor(protocolName: string) {
    const name = Buffer.from(protocolName, 'ascii');
    // A name longer than HASHLEN is hashed; this one is 36 bytes.
    this.hash = name.length <= 32 ? Buffer.concat([name, Buffer.alloc(32 - name.length)]) : sha256(name);
    this.chainingKey = this.hash;
  }

  mixHash(data: Buffer): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  mixKey(input: Buffer): void {
    const [chainingKey, key] = noiseHkdf(this.chainingKey, input, 2) as [Buffer, Buffer];
    this.chainingKey = chainingKey;
    this.cipher.initializeKey(key);
  }

  mixKeyAndHash(input: Buffer): void {
    const [chainingKey, hash, key] = noiseHkdf(this.chainingKey, input, 3) as [Buffer, Buffer, Buffer];
    this.chainingKey = chainingKey;
    this.mixHash(hash);
    this.cipher.initializeKey(key);
  }

  encryptAndHash(plaintext: Buffer): Buffer {
    const ciphertext = this.cipher.encryptWithAd(this.hash, plaintext);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  decryptAndHash(ciphertext: Buffer): Buffer | undefined {
    const plaintext = this.cipher.decryptWithAd(this.hash, ciphertext);
    if (plaintext) this.mixHash(ciphertext);
    return plaintext;
  }

  split(): [NoiseCipherState, NoiseCipherState] {
    const [first, second] = noiseHkdf(this.chainingKey, Buffer.alloc(0), 2) as [Buffer, Buffer];
    return [new NoiseCipherState(first), new NoiseCipherState(second)];
  }
}

/**
 * HandshakeState (§5.3) for NNpsk0. Messages alternate: the initiator writes then reads, the responder reads then
 * writes; after the second message `transport()` gives the ciphers.
 */
export class NoiseHandshake {
  readonly role: NoiseRole;
  readonly #symmetric = new SymmetricState(NOISE_PROTOCOL_NAME);
  readonly #psk: Buffer;
  #ephemeral: { privateKey: KeyObject; publicBytes: Buffer } | undefined;
  #remoteEphemeral: KeyObject | undefined;
  #messages = 0;

  constructor(options: { role: NoiseRole; psk: Buffer; prologue: Buffer }) {
    if (options.psk.length !== 32) throw new RangeError('a Noise pre-shared key is 32 bytes');
    this.role = options.role;
    this.#psk = Buffer.from(options.psk);
    this.#symmetric.mixHash(options.prologue);
  }

  /** Writes the next handshake message carrying `payload` (ESPHome sends none). */
  writeMessage(payload: Buffer = Buffer.alloc(0)): Buffer {
    const first = this.#messages === 0;
    if (first !== (this.role === 'initiator') || this.#messages > 1)
      throw new Error('Noise handshake: it is the peer who writes now');
    this.#messages += 1;
    if (first) this.#symmetric.mixKeyAndHash(this.#psk); // token psk
    const e = this.#newEphemeral(); // token e
    if (!first) this.#symmetric.mixKey(this.#dh()); // token ee
    return Buffer.concat([e, this.#symmetric.encryptAndHash(payload)]);
  }

  /** Reads the peer's next handshake message; a wrong pre-shared key shows as a `mac` failure. */
  readMessage(message: Buffer): NoiseReadResult {
    const first = this.#messages === 0;
    if (first !== (this.role === 'responder') || this.#messages > 1)
      throw new Error('Noise handshake: it is the peer who reads now');
    this.#messages += 1;
    if (message.length < DH_BYTES + NOISE_TAG_BYTES) return { ok: false, failure: 'format' };
    if (first) this.#symmetric.mixKeyAndHash(this.#psk);
    const remote = message.subarray(0, DH_BYTES);
    this.#symmetric.mixHash(remote);
    // With a psk in the pattern, every `e` is also mixed into the key (§9.2).
    this.#symmetric.mixKey(remote);
    try {
      this.#remoteEphemeral = x25519PublicKey(remote);
      if (!first) this.#symmetric.mixKey(this.#dh());
    } catch {
      return { ok: false, failure: 'format' };
    }
    const payload = this.#symmetric.decryptAndHash(message.subarray(DH_BYTES));
    return payload ? { ok: true, payload } : { ok: false, failure: 'mac' };
  }

  /** The transport ciphers once both messages are through: the initiator sends with the first. */
  transport(): NoiseTransport {
    if (this.#messages < 2) throw new Error('the Noise handshake is not finished');
    const [first, second] = this.#symmetric.split();
    return this.role === 'initiator' ? { send: first, receive: second } : { send: second, receive: first };
  }

  /** The handshake hash, which both sides share after a successful handshake (channel binding, §11.2). */
  handshakeHash(): Buffer {
    return Buffer.from(this.#symmetric.hash);
  }

  #newEphemeral(): Buffer {
    const { privateKey, publicKey } = generateKeyPairSync('x25519');
    const publicBytes = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    this.#ephemeral = { privateKey, publicBytes };
    this.#symmetric.mixHash(publicBytes);
    this.#symmetric.mixKey(publicBytes);
    return publicBytes;
  }

  #dh(): Buffer {
    if (!this.#ephemeral || !this.#remoteEphemeral) throw new Error('ee before both ephemeral keys exist');
    return diffieHellman({ privateKey: this.#ephemeral.privateKey, publicKey: this.#remoteEphemeral });
  }
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function x25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
}
