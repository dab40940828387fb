import { describe, expect, it } from 'vitest';
import { readSharedJson, sharedCaptures } from '../../../test/support/shared-fixtures.ts';
import { jsonFiles } from '../../lab/core/captures.ts';
import { nodeDumpIdentity } from './simulator/node-dump.ts';
import { hex4, MATTER_VENDORS, matterVendor } from './vendors.ts';

/** The shipped vendor list: well-formed, and the names agree with what real devices say about their makers. */
describe('Matter vendor list', () => {
  it('has unique ids, test ids only in 0xFFF1–0xFFF4, and a source', () => {
    const ids = MATTER_VENDORS.map((vendor) => vendor.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const vendor of MATTER_VENDORS) {
      expect(vendor.test, hex4(vendor.id)).toBe(vendor.id >= 0xfff1 && vendor.id <= 0xfff4);
    }
    expect(matterVendor(0x130a)?.name).toBe('Eve');
    expect(hex4(4874)).toBe('0x130A');
  });

  it('agrees with the VendorName each real device in fixtures/matter/node_dump reports for its VendorID', () => {
    const checked: string[] = [];
    for (const file of jsonFiles(sharedCaptures, 'matter/node_dump')) {
      const identity = nodeDumpIdentity(readSharedJson(file));
      const shipped = identity.vendorId === undefined ? undefined : matterVendor(identity.vendorId);
      if (!shipped || !identity.vendorName) continue;
      // The DCL registers the brand ("Eve"); a device may say more ("Eve Systems").
      expect(identity.vendorName.toLowerCase().startsWith(shipped.name.toLowerCase()), file).toBe(true);
      checked.push(`${hex4(shipped.id)} ${shipped.name}`);
    }
    expect(checked.sort()).toEqual([
      '0x115F Aqara',
      '0x120B HEIMAN',
      '0x130A Eve',
      '0x139C Zemismart Technology Limited',
    ]);
  });
});
