import type { FunctionCategory } from '../function-category.ts';

/**
 * What a Shelly is, from its model id (ids as aioshelly's const.py lists them: `SHSW-*` and `S*SW-*` relays,
 * `SHPLG-*`/`S*PL-*` plugs, dimmers and RGBW controllers, H&T, gas, flood, door/window and air sensors).
 */
export function shellyCategory(model: string | undefined): FunctionCategory {
  const id = (model ?? '').toUpperCase();
  if (/^(SHPLG|S\w?PL-)/.test(id)) return 'plug';
  if (/^(SHDM|SHRGBW|SHBLB|SHBDUO|SHVIN|S\w?DM-|S\w?RGBW)/.test(id)) return 'light';
  if (/^(SHHT|SHGS|SHWT|SHDW|SHAIR|SHMOS|SHSM|SHTRV|S\w?HT-|S\w?SN-)/.test(id)) return 'sensor';
  return 'switch';
}

/** Gen1 and Gen2+ alike: login is off until the owner sets one; the cloud is optional (Shelly API docs). */
export const SHELLY_LOCAL = {
  localAuth: 'optional',
  localOperation: 'local-only',
} as const;
