import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecbDecrypt, ecbEncrypt, UDP_DISCOVERY_KEY } from './cipher.ts';
import { decodeBeacon, decodeSolicitation, tuyaSolicitation } from './discovery.ts';
import { decode55aa, decode6699, encode55aa, encode6699, TuyaCommand } from './frame.ts';
import { beaconDatagram } from './simulator/beacon.ts';

const KEY = Buffer.from('0123456789abcdef');

describe('Tuya frames', () => {
  it('computes the discovery key as everyone does: MD5("yGAdlopoPVldABfn")', () => {
    expect(UDP_DISCOVERY_KEY.toString('hex')).toBe('6c1ec8e2bb9bb59ab50b0daf649b410a');
  });

  it('round-trips 55AA frames with CRC32 and with HMAC, and 6699 frames with GCM', () => {
    const frame = { seq: 7, cmd: TuyaCommand.DP_QUERY, retcode: 0, payload: Buffer.from('{"dps":{"1":true}}') };
    expect(decode55aa(encode55aa(frame, { kind: 'crc' }), { kind: 'crc' }, true)).toMatchObject({ ok: true, frame });
    const hmac = { kind: 'hmac', key: KEY } as const;
    expect(decode55aa(encode55aa(frame, hmac), hmac, true)).toMatchObject({ ok: true, frame });
    const gcm = encode6699({ seq: 3, cmd: 0x25, payload: Buffer.from('hello') }, KEY);
    expect(decode6699(gcm, KEY)).toMatchObject({
      ok: true,
      frame: { seq: 3, cmd: 0x25, payload: Buffer.from('hello') },
    });
  });

  it('rejects a bad CRC, a bad HMAC, a bad GCM tag and a lying length field without throwing', () => {
    const good = encode55aa({ seq: 1, cmd: 10, retcode: 0, payload: Buffer.from('{}') }, { kind: 'crc' });
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 6] = (badCrc[badCrc.length - 6] ?? 0) ^ 0xff;
    expect(decode55aa(badCrc, { kind: 'crc' }, true)).toEqual({ ok: false, reason: 'CRC32 mismatch' });
    const signed = encode55aa({ seq: 1, cmd: 10, payload: Buffer.from('{}') }, { kind: 'hmac', key: KEY });
    const otherKey = { kind: 'hmac', key: Buffer.from('fedcba9876543210') } as const;
    expect(decode55aa(signed, otherKey, false)).toEqual({ ok: false, reason: 'HMAC mismatch' });
    const gcm = encode6699({ seq: 1, cmd: 0x25, payload: Buffer.from('x') }, KEY);
    gcm[31] = (gcm[31] ?? 0) ^ 1;
    expect(decode6699(gcm, KEY)).toEqual({ ok: false, reason: 'GCM tag mismatch' });
    const lying = Buffer.from(good);
    lying.writeUInt32BE(0xffffff, 12);
    expect(decode55aa(lying, { kind: 'crc' }, true).ok).toBe(false);
    expect(decode55aa(good.subarray(0, 20), { kind: 'crc' }, true)).toEqual({ ok: 'partial' });
  });

  it('never throws on garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const data = Buffer.from(bytes);
        expect(() => decode55aa(data, { kind: 'crc' }, true)).not.toThrow();
        expect(() => decode6699(data, KEY)).not.toThrow();
        expect(() => decodeBeacon(data, 6667)).not.toThrow();
        expect(() => decodeSolicitation(data)).not.toThrow();
      }),
      { seed: 15, numRuns: 400 },
    );
  });

  it('reads beacons in all three forms, and the solicitation', () => {
    const fields = { ip: '127.77.9.9', gwId: 'bf0123456789abcdef01', productKey: 'keyabc' };
    expect(decodeBeacon(beaconDatagram({ ...fields, version: '3.1' }), 6666)).toMatchObject({
      encoding: 'plain',
      beacon: { gwId: fields.gwId, version: '3.1', encrypt: false },
    });
    expect(decodeBeacon(beaconDatagram({ ...fields, version: '3.3' }), 6667)?.encoding).toBe('ecb');
    expect(decodeBeacon(beaconDatagram({ ...fields, version: '3.5' }), 7000)).toMatchObject({
      encoding: 'gcm',
      beacon: { version: '3.5', productKey: 'keyabc' },
    });
    expect(decodeSolicitation(tuyaSolicitation('127.77.9.9'))).toEqual({ ip: '127.77.9.9' });
  });

  it('ECB with a wrong key does not decrypt to anything', () => {
    const sealed = ecbEncrypt(KEY, Buffer.from('{"dps":{}}'));
    expect(ecbDecrypt(KEY, sealed)?.toString()).toBe('{"dps":{}}');
    // A wrong key fails the padding check almost always; the schema check catches the rest.
    expect(ecbDecrypt(Buffer.from('fedcba9876543210'), sealed)?.toString()).not.toBe('{"dps":{}}');
  });
});
