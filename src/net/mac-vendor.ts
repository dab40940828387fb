import { createRequire } from 'node:module';
import { isLocallyAdministered, macHex } from './mac.ts';

/**
 * MAC address → vendor from the IEEE registries bundled in `oui-data`: MA-L (24-bit prefixes, 6 hex digits),
 * MA-M (28-bit, 7 digits) and MA-S (36-bit, 9 digits). The longest matching prefix wins: the IEEE hands out
 * MA-M and MA-S blocks from MA-L blocks that it registers to itself ("IEEE Registration Authority").
 */
export interface MacVendor {
  vendor: string;
  /** The matching prefix as hex digits, e.g. `001788`. */
  prefix: string;
  registry: 'MA-L' | 'MA-M' | 'MA-S';
}

const REGISTRY_BY_DIGITS = [
  [9, 'MA-S'],
  [7, 'MA-M'],
  [6, 'MA-L'],
] as const;

let registry: Record<string, string> | undefined;

/** Parsed once on first use: the registry is 5.6 MB of JSON that a scan without MACs never needs. */
function load(): Record<string, string> {
  registry ??= createRequire(import.meta.url)('oui-data') as Record<string, string>;
  return registry;
}

/** The registered vendor of a MAC address, or undefined (unregistered, locally administered or malformed). */
export function lookupMacVendor(mac: string): MacVendor | undefined {
  const hex = macHex(mac);
  if (hex.length !== 12 || isLocallyAdministered(hex)) return undefined;
  const data = load();
  for (const [digits, name] of REGISTRY_BY_DIGITS) {
    const prefix = hex.slice(0, digits);
    const entry = data[prefix];
    // Each entry is the organisation name followed by its postal address, one field per line.
    if (entry !== undefined) return { vendor: entry.split('\n')[0] ?? entry, prefix, registry: name };
  }
  return undefined;
}
