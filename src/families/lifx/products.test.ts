import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../../../test/support/shared-fixtures.ts';
import { LIFX_VENDOR_ID, lifxProductName, lifxProducts } from './products.ts';

interface Registry {
  vid: number;
  name: string;
  products: Array<{ pid: number; name: string }>;
}

describe('LIFX product list', () => {
  it("agrees with LIFX's public registry for every product it lists", () => {
    const registry = readSharedJson('lifx/reference/products.json') as Registry[];
    const lifx = registry.find((vendor) => vendor.vid === LIFX_VENDOR_ID);
    expect(lifx?.name).toBe('LIFX');
    const names = new Map(lifx!.products.map((product) => [product.pid, product.name]));
    const wrong = lifxProducts().filter(([pid, name]) => names.get(pid) !== name);
    expect(wrong).toEqual([]);
    expect(lifxProducts().length).toBeGreaterThan(20);
  });

  it('has no name for an id it does not list', () => {
    expect(lifxProductName(27)).toBe('LIFX A19');
    expect(lifxProductName(99_999)).toBeUndefined();
  });
});
