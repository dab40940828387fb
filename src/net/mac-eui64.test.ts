import { describe, expect, it } from 'vitest';
import { macFromEui64 } from './mac.ts';

describe('macFromEui64', () => {
  it('reads the MAC out of an EUI-64 link-local address (a Nanoleaf Shapes seen in the wild)', () => {
    expect(macFromEui64('fe80::255:daff:fe5e:7e7')).toBe('00:55:DA:5E:07:E7');
    expect(macFromEui64('fe80::828a:f7ff:fe12:3456%eth0')).toBe('80:8A:F7:12:34:56');
  });

  it('returns nothing for addresses that do not carry a MAC, and for garbage', () => {
    expect(macFromEui64('fdd0:ee30:5608:c35a:1c2b:3d4e:5f60:7182')).toBeUndefined();
    expect(macFromEui64('127.0.0.1')).toBeUndefined();
    expect(macFromEui64('fe80::1::2')).toBeUndefined();
    expect(macFromEui64('')).toBeUndefined();
  });
});
