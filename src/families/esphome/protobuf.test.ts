import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../errors/index.ts';
import { encodeNoiseReject, encodePlaintextFrame, parseNoiseFrame, parsePlaintextFrame } from './api-frame.ts';
import { type DeviceInfoResponse, decodeDeviceInfoResponse, encodeDeviceInfoResponse } from './api-messages.ts';
import { decodeMessage, decodeVarint, encodeVarint, ProtoWriter } from './protobuf.ts';

describe('protobuf primitives', () => {
  // Vectors from the protobuf encoding guide: 150 in field 1 is 08 96 01, "testing" in field 2 is 12 07 74 65 73 74 69 6e 67.
  it('encodes the encoding-guide examples byte for byte', () => {
    expect(encodeVarint(300).toString('hex')).toBe('ac02');
    expect(new ProtoWriter().uint32(1, 150).finish().toString('hex')).toBe('089601');
    expect(new ProtoWriter().string(2, 'testing').finish().toString('hex')).toBe('120774657374696e67');
  });

  it('decodes what it encodes, and says when a varint is incomplete', () => {
    expect(decodeVarint(Buffer.from([0xac, 0x02]))).toEqual({ value: 300, next: 2 });
    expect(decodeVarint(Buffer.from([0xac]))).toBeUndefined();
    const fields = decodeMessage(Buffer.from('089601120774657374696e67', 'hex'));
    expect(fields.uint32(1)).toBe(150);
    expect(fields.string(2)).toBe('testing');
  });

  it('writes fixed32 and float little-endian under wire type 5, and reads them back', () => {
    // Field 2 fixed32 0x12345678: key 0x15, bytes 78 56 34 12. Field 3 float 1.5: key 0x1d, 00 00 c0 3f.
    const bytes = new ProtoWriter().fixed32(2, 0x12345678).float(3, 1.5).repeatedUint32(4, [3, 1]).finish();
    expect(bytes.toString('hex')).toBe(['15', '78563412', '1d', '0000c03f', '2003', '2001'].join(''));
    const fields = decodeMessage(bytes);
    expect(fields.fixed32(2)).toBe(0x12345678);
    expect(fields.float(3)).toBe(1.5);
    expect(fields.repeatedUint32(4)).toEqual([3, 1]);
    // A packed encoding of the same repeated field reads the same.
    expect(decodeMessage(Buffer.from('22020301', 'hex')).repeatedUint32(4)).toEqual([3, 1]);
  });

  it('rejects a length that runs past the end', () => {
    expect(() => decodeMessage(Buffer.from('1205616263', 'hex'))).toThrow(ProtocolError);
  });
});

describe('ESPHome API framing', () => {
  it('frames plaintext messages as 0x00, varint length, varint type, payload', () => {
    const frame = encodePlaintextFrame(9);
    expect(frame.toString('hex')).toBe('000009');
    const big = encodePlaintextFrame(10, Buffer.alloc(200, 1));
    expect(big.subarray(0, 4).toString('hex')).toBe('00c8010a');
    expect(parsePlaintextFrame(big)?.payload.length).toBe(200);
    expect(parsePlaintextFrame(big.subarray(0, 100))).toBeUndefined();
  });

  it('reads a Noise rejection frame', () => {
    const frame = encodeNoiseReject('Bad indicator byte');
    expect(frame.subarray(0, 4).toString('hex')).toBe('01001301');
    expect(parseNoiseFrame(frame)?.payload.subarray(1).toString()).toBe('Bad indicator byte');
    expect(() => parsePlaintextFrame(frame)).toThrow(ProtocolError);
  });

  it('round-trips DeviceInfoResponse', () => {
    const info: DeviceInfoResponse = {
      usesPassword: true,
      name: 'garage-door',
      macAddress: '24:6F:28:01:02:03',
      esphomeVersion: '2024.6.1',
      compilationTime: 'Jun 18 2024, 09:41:12',
      model: 'esp32dev',
      hasDeepSleep: false,
      projectName: '',
      projectVersion: '',
      webserverPort: 80,
      manufacturer: 'Espressif',
      friendlyName: 'Garage door',
      suggestedArea: '',
      apiEncryptionSupported: true,
    };
    expect(decodeDeviceInfoResponse(encodeDeviceInfoResponse(info))).toEqual(info);
  });
});
