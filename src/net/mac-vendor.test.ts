import { describe, expect, it } from 'vitest';
import { isLocallyAdministered } from './mac.ts';
import { lookupMacVendor } from './mac-vendor.ts';

describe('lookupMacVendor', () => {
  it('finds well-known MA-L vendors in any notation', () => {
    expect(lookupMacVendor('00:17:88:01:02:03')).toEqual({
      vendor: 'Philips Lighting BV',
      prefix: '001788',
      registry: 'MA-L',
    });
    expect(lookupMacVendor('e8-db-84-aa-bb-cc')?.vendor).toBe('Espressif Inc.');
    expect(lookupMacVendor('50c7.bf12.3456')?.vendor).toBe('TP-LINK TECHNOLOGIES CO.,LTD.');
    expect(lookupMacVendor('00:11:32:00:00:01')?.vendor).toBe('Synology Incorporated');
  });

  it('prefers the longest prefix: MA-M and MA-S blocks inside IEEE-owned MA-L blocks', () => {
    expect(lookupMacVendor('F4:0E:11:0A:BC:DE')).toMatchObject({
      vendor: 'realphone technology co.,ltd',
      registry: 'MA-M',
    });
    expect(lookupMacVendor('70:B3:D5:F2:A0:01')).toMatchObject({
      vendor: 'WIBOND Informationssysteme GmbH',
      prefix: '70B3D5F2A',
      registry: 'MA-S',
    });
    expect(lookupMacVendor('00:1B:C5:00:00:01')?.registry).toBe('MA-S');
  });

  it('returns undefined for locally administered, unregistered and malformed MACs', () => {
    expect(isLocallyAdministered('02:00:00:12:34:56')).toBe(true);
    expect(isLocallyAdministered('DA:A1:19:00:00:01')).toBe(true);
    expect(isLocallyAdministered('00:17:88:01:02:03')).toBe(false);
    expect(lookupMacVendor('02:00:00:12:34:56')).toBeUndefined();
    expect(lookupMacVendor('00:17:88')).toBeUndefined();
    expect(lookupMacVendor('zz:17:88:01:02:03')).toBeUndefined();
  });
});
