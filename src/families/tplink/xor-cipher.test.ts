import { describe, expect, it } from 'vitest';
import { completeFrameLength, frameTcp, xorDecrypt, xorEncrypt } from './xor-cipher.ts';

describe('Kasa XOR autokey cipher', () => {
  it('matches a test vector computed independently (Python, from the README algorithm)', () => {
    // The first bytes follow from key 171: '{' (0x7b) ^ 0xab = 0xd0, then '"' (0x22) ^ 0xd0 = 0xf2, 's' (0x73) ^ 0xf2 = 0x81.
    const cipher = xorEncrypt(Buffer.from('{"system":{"get_sysinfo":{}}}'));
    expect(cipher.subarray(0, 3)).toEqual(Buffer.from([0xd0, 0xf2, 0x81]));
    expect(cipher.toString('base64')).toBe('0PKB+Iv/mvfV75S20bTAn+yV5o/hh+jK8Iv2i/Y=');
  });

  it('round-trips arbitrary bytes', () => {
    const plain = Buffer.from('{"system":{"set_relay_state":{"state":1}}} ünïcode');
    expect(xorDecrypt(xorEncrypt(plain))).toEqual(plain);
  });

  it('frames with a big-endian length prefix', () => {
    const frame = frameTcp('{}');
    expect(frame.readUInt32BE(0)).toBe(2);
    expect(completeFrameLength(frame)).toBe(6);
    expect(completeFrameLength(frame.subarray(0, 5))).toBeUndefined();
  });
});
