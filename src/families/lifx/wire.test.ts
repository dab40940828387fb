import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedFixturePath } from '../../../test/support/shared-fixtures.ts';
import { decodeLabel, LifxType } from './messages.ts';
import { decodeLifx, encodeLifx, LIFX_HEADER_BYTES, targetToMac } from './wire.ts';

/** LIFX's own documented reply (lan.developer.lifx.com "Decoding a packet"), transcribed in ../shared/fixtures. */
function documentedStateLabel(): Buffer {
  const hex = readFileSync(sharedFixturePath('lifx/packet/lifx-docs_decoding-a-packet_StateLabel25.hex'), 'utf8');
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex');
}

describe('LIFX header', () => {
  it("decodes the vendor's documented StateLabel packet", () => {
    const datagram = documentedStateLabel();
    expect(datagram.length).toBe(68);
    const packet = decodeLifx(datagram);
    expect(packet?.header).toMatchObject({ type: LifxType.StateLabel, tagged: false });
    expect(targetToMac(packet!.header.target)).toBe('D0:73:D5:30:9D:9E');
    expect(decodeLabel(packet!.payload)).toEqual({ text: 'cupboard', full: false });
    // The reserved bytes of the frame address hold "LIFXV2" on real devices.
    expect(datagram.subarray(16, 22).toString('ascii')).toBe('LIFXV2');
  });

  it('rejects a wrong size field, a truncated packet and another protocol number', () => {
    const good = documentedStateLabel();
    const wrongSize = Buffer.from(good);
    wrongSize.writeUInt16LE(200, 0);
    expect(decodeLifx(wrongSize)).toBeUndefined();
    expect(decodeLifx(good.subarray(0, 50))).toBeUndefined();
    expect(decodeLifx(good.subarray(0, LIFX_HEADER_BYTES - 1))).toBeUndefined();
    const otherProtocol = Buffer.from(good);
    otherProtocol.writeUInt16LE(0x1400 | 1023, 2);
    expect(decodeLifx(otherProtocol)).toBeUndefined();
  });

  it('round-trips every header field', () => {
    fc.assert(
      fc.property(
        fc.record({
          tagged: fc.boolean(),
          source: fc.integer({ min: 0, max: 0xffffffff }),
          target: fc.uint8Array({ minLength: 6, maxLength: 6 }).map((bytes) => Buffer.from(bytes).toString('hex')),
          resRequired: fc.boolean(),
          ackRequired: fc.boolean(),
          sequence: fc.integer({ min: 0, max: 255 }),
          type: fc.integer({ min: 0, max: 0xffff }),
        }),
        fc.uint8Array({ maxLength: 64 }),
        (header, payload) => {
          const packet = decodeLifx(encodeLifx(header, Buffer.from(payload)));
          expect(packet?.header).toEqual(header);
          expect([...(packet?.payload ?? [])]).toEqual([...payload]);
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });

  it('never throws on garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(() => decodeLifx(Buffer.from(bytes))).not.toThrow();
      }),
      { seed: 15, numRuns: 500 },
    );
  });
});
