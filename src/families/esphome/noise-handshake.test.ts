import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NoiseCipherState, noiseHkdf } from './noise-cipher.ts';
import { NoiseHandshake } from './noise-handshake.ts';

const prologue = Buffer.from('NoiseAPIInit\x00\x00', 'latin1');

function pair(initiatorPsk: Buffer, responderPsk = initiatorPsk) {
  return {
    initiator: new NoiseHandshake({ role: 'initiator', psk: initiatorPsk, prologue }),
    responder: new NoiseHandshake({ role: 'responder', psk: responderPsk, prologue }),
  };
}

describe('Noise_NNpsk0_25519_ChaChaPoly_SHA256', () => {
  it('completes a handshake between both roles: 48-byte messages, one shared hash, crossed ciphers', () => {
    const psk = randomBytes(32);
    const { initiator, responder } = pair(psk);
    const first = initiator.writeMessage();
    // e (32 bytes) + the empty payload's tag (16 bytes): what ESPHome clients send after the 0x00 byte.
    expect(first).toHaveLength(48);
    expect(responder.readMessage(first)).toEqual({ ok: true, payload: Buffer.alloc(0) });
    const second = responder.writeMessage();
    expect(second).toHaveLength(48);
    expect(initiator.readMessage(second)).toEqual({ ok: true, payload: Buffer.alloc(0) });
    expect(initiator.handshakeHash()).toEqual(responder.handshakeHash());

    const client = initiator.transport();
    const node = responder.transport();
    const sealed = client.send.encryptWithAd(Buffer.alloc(0), Buffer.from('hello node'));
    expect(node.receive.decryptWithAd(Buffer.alloc(0), sealed)?.toString()).toBe('hello node');
    const back = node.send.encryptWithAd(Buffer.alloc(0), Buffer.from('hello client'));
    expect(client.receive.decryptWithAd(Buffer.alloc(0), back)?.toString()).toBe('hello client');
  });

  it('a client holding another key fails at the first message with a MAC failure', () => {
    const { initiator, responder } = pair(randomBytes(32), randomBytes(32));
    expect(responder.readMessage(initiator.writeMessage())).toEqual({ ok: false, failure: 'mac' });
  });

  it('a different prologue (another client hello) also fails verification', () => {
    const psk = randomBytes(32);
    const initiator = new NoiseHandshake({ role: 'initiator', psk, prologue });
    const responder = new NoiseHandshake({ role: 'responder', psk, prologue: Buffer.from('NoiseAPIInit\x00\x01x') });
    expect(responder.readMessage(initiator.writeMessage())).toEqual({ ok: false, failure: 'mac' });
  });

  it('a message too short to hold a key and a tag is a format failure', () => {
    const { responder } = pair(randomBytes(32));
    expect(responder.readMessage(Buffer.alloc(20))).toEqual({ ok: false, failure: 'format' });
  });

  it('refuses a pre-shared key that is not 32 bytes, and steps out of turn', () => {
    expect(() => new NoiseHandshake({ role: 'initiator', psk: Buffer.alloc(16), prologue })).toThrow(RangeError);
    const { responder } = pair(randomBytes(32));
    expect(() => responder.writeMessage()).toThrow();
    expect(() => responder.transport()).toThrow();
  });
});

describe('Noise CipherState', () => {
  it('uses the counter as nonce: replaying a message fails, a failed decryption does not advance it', () => {
    const key = randomBytes(32);
    const sender = new NoiseCipherState(key);
    const receiver = new NoiseCipherState(key);
    const one = sender.encryptWithAd(Buffer.alloc(0), Buffer.from('one'));
    const two = sender.encryptWithAd(Buffer.alloc(0), Buffer.from('two'));
    expect(receiver.decryptWithAd(Buffer.alloc(0), two)).toBeUndefined();
    expect(receiver.decryptWithAd(Buffer.alloc(0), one)?.toString()).toBe('one');
    expect(receiver.decryptWithAd(Buffer.alloc(0), one)).toBeUndefined();
    expect(receiver.decryptWithAd(Buffer.alloc(0), two)?.toString()).toBe('two');
  });

  it('passes plaintext through before it has a key (Noise spec 5.1)', () => {
    expect(new NoiseCipherState().encryptWithAd(Buffer.alloc(0), Buffer.from('x')).toString()).toBe('x');
  });

  // RFC 5869 does not apply (Noise's HKDF has no salt/info), so check the definition directly.
  it('derives HKDF outputs as HMAC chains over a temporary key', async () => {
    const { createHmac } = await import('node:crypto');
    const ck = Buffer.alloc(32, 1);
    const input = Buffer.from('input');
    const temp = createHmac('sha256', ck).update(input).digest();
    const out1 = createHmac('sha256', temp)
      .update(Buffer.from([1]))
      .digest();
    const out2 = createHmac('sha256', temp)
      .update(Buffer.concat([out1, Buffer.from([2])]))
      .digest();
    expect(noiseHkdf(ck, input, 2)).toEqual([out1, out2]);
  });
});
