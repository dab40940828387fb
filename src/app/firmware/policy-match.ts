import { selects } from '../../families/index.ts';
import { normalizeMac } from '../../net/mac.ts';
/** Which policy keys and holds name a device: by device name/id/MAC, by model (with or without region), by vendor. */
import type { FirmwareDevice, StoredHold } from './types.ts';

/** `HS100(UK)` → `HS100`: Kasa models carry a region suffix. */
export function modelWithoutRegion(model: string): string {
  return model
    .replace(/\([^)]*\)\s*$/, '')
    .trim()
    .toUpperCase();
}

/**
 * A model key matches the device's model exactly (case-insensitive), or, when the key has no region suffix,
 * any region of it: `HS100` matches `HS100(UK)`, `HS100(UK)` does not match `HS100(US)`.
 */
export function modelMatches(key: string, model: string | undefined): boolean {
  if (!model) return false;
  const wanted = key.trim().toUpperCase();
  if (wanted === model.trim().toUpperCase()) return true;
  return !/\(.*\)\s*$/.test(wanted) && wanted === modelWithoutRegion(model);
}

/** A device key is the device's name, its iotwarden id, or its MAC (any notation). */
export function deviceMatches(key: string, device: FirmwareDevice): boolean {
  const wanted = key.trim();
  if (wanted === device.deviceId) return true;
  if (device.name !== undefined && wanted.toLowerCase() === device.name.toLowerCase()) return true;
  return device.mac !== undefined && macOrText(wanted) === macOrText(device.mac);
}

/** A vendor key is the vendor name, a product line (`kasa`) or a family id, case-insensitive. */
export function vendorMatches(key: string, device: FirmwareDevice): boolean {
  const wanted = key.trim().toLowerCase();
  return wanted === device.vendor?.toLowerCase() || (device.family !== undefined && selects(wanted, device.family));
}

/** Whether a stored hold applies to the device. */
export function holdMatches(hold: StoredHold, device: FirmwareDevice): boolean {
  return hold.scope === 'device' ? hold.target === device.deviceId : modelMatches(hold.target, device.model);
}

function macOrText(text: string): string {
  return normalizeMac(text) ?? text.toUpperCase();
}
