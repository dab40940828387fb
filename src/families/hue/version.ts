import { splitNumbers, type VersionKey, type VersionScheme } from '../version-scheme.ts';

/**
 * Hue bridges: v1 `swversion` is one number (`1935144040`); the CLIP v2 `software_version` of the bridge device is
 * `1.78.2071401010`, whose last part is that same build number. Lights use short dotted versions (`1.163.1`).
 */
export function parseHue(text: string): VersionKey | undefined {
  const trimmed = text.trim();
  if (!/^\d+(?:\.\d+)*$/.test(trimmed)) return undefined;
  const parts = splitNumbers(trimmed);
  const last = trimmed.split('.').at(-1) ?? '';
  // A ten-digit build number identifies the bridge firmware on its own, in both API versions.
  if (last.length >= 10) return { numbers: [Number(last)], build: [] };
  return { numbers: parts, build: [] };
}

/** Hue bridge and light firmware. */
export const hueScheme: VersionScheme = { name: 'hue', parse: parseHue };
