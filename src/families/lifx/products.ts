/**
 * LIFX product ids and names iotwarden knows, for `StateVersion` (vendor 1). A hand-picked subset of LIFX's public
 * product registry, https://github.com/LIFX/products (products.json, vendor 1 "LIFX"): the bulbs, strips and
 * fittings common in homes. `products.test.ts` checks every entry against the registry in ../shared/fixtures.
 * A product id missing here is still identified as LIFX, with its number as the model.
 */

/** The registry this list was taken from. */
export const LIFX_PRODUCTS_SOURCE = 'https://github.com/LIFX/products/blob/master/products.json';

/** `StateVersion.vendor` of LIFX itself (registry entry `vid` 1). */
export const LIFX_VENDOR_ID = 1;

const PRODUCTS: ReadonlyArray<readonly [number, string]> = [
  [1, 'LIFX Original 1000'],
  [3, 'LIFX Color 650'],
  [10, 'LIFX White 800 (Low Voltage)'],
  [11, 'LIFX White 800 (High Voltage)'],
  [15, 'LIFX Color 1000'],
  [18, 'LIFX White 900 BR30 (Low Voltage)'],
  [20, 'LIFX Color 1000 BR30'],
  [22, 'LIFX Color 1000'],
  [27, 'LIFX A19'],
  [28, 'LIFX BR30'],
  [29, 'LIFX A19 Night Vision'],
  [31, 'LIFX Z'],
  [32, 'LIFX Z'],
  [36, 'LIFX Downlight'],
  [38, 'LIFX Beam'],
  [43, 'LIFX A19'],
  [44, 'LIFX BR30'],
  [49, 'LIFX Mini Color'],
  [50, 'LIFX Mini White to Warm'],
  [51, 'LIFX Mini White'],
  [52, 'LIFX GU10'],
  [55, 'LIFX Tile'],
  [57, 'LIFX Candle'],
  [59, 'LIFX Mini Color'],
  [62, 'LIFX A19'],
  [90, 'LIFX Clean'],
  [91, 'LIFX Color'],
  [93, 'LIFX A19 US'],
  [97, 'LIFX A19'],
  [99, 'LIFX Clean'],
  [100, 'LIFX Filament Clear'],
  [123, 'LIFX Color US'],
  [124, 'LIFX Colour Intl'],
  [125, 'LIFX White to Warm US'],
  [126, 'LIFX White to Warm Intl'],
  [129, 'LIFX Color US'],
  [130, 'LIFX Colour Intl'],
  [163, 'LIFX A19 US'],
  [165, 'LIFX A19 Intl'],
];

const BY_ID = new Map<number, string>(PRODUCTS);

/** The registry name of a LIFX product id, or undefined when this list does not have it. */
export function lifxProductName(productId: number): string | undefined {
  return BY_ID.get(productId);
}

/** Every product id and name in the list (for the registry test and the simulator). */
export function lifxProducts(): ReadonlyArray<readonly [number, string]> {
  return PRODUCTS;
}
