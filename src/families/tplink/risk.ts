import type { FunctionCategory } from '../function-category.ts';

/**
 * What a TP-Link smart-home device is, from its model (python-kasa's device list: HS1xx, KP1xx, EP, P1xx plugs;
 * HS2xx, KS wall switches; KL and L5xx bulbs; HS300 and KP303 strips; KH hubs).
 */
export function tplinkCategory(model: string | undefined): FunctionCategory {
  const id = (model ?? '').toUpperCase();
  if (/^(HS2|KS|ES|S5)/.test(id)) return 'switch';
  if (/^(KL|LB|L[59]|KB)/.test(id)) return 'light';
  if (/^(KH|H1)/.test(id)) return 'hub';
  if (/^(T[13])/.test(id)) return 'sensor';
  return 'plug';
}
