import { splitNumbers, type VersionKey, type VersionScheme } from '../version-scheme.ts';

/** Tasmota: `13.4.0(tasmota)`, development builds `15.3.0.3`, with or without a leading `v`. */
export function parseTasmota(text: string): VersionKey | undefined {
  const match = /^\s*v?(\d+(?:\.\d+)*)\s*(?:\([^)]*\))?\s*$/.exec(text);
  return match ? { numbers: splitNumbers(match[1] ?? ''), build: [] } : undefined;
}

/** Tasmota release strings. */
export const tasmotaScheme: VersionScheme = { name: 'tasmota', parse: parseTasmota };
