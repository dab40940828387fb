import { createHash } from 'node:crypto';

/**
 * Identity fields for simulated TP-Link devices. The captures mask ids as runs of zeros (fixtures README: "masked
 * values repeat across files"), so a simulator derives them from its unique MAC, keeping each field's length.
 */

/** Writes `mac` (`AA:BB:CC:DD:EE:FF`) in the style of `template`: `AA:BB:…` (plugs), `AABBCC…` (bulbs' `mic_mac`), `AA-BB-…` (discovery_result). */
export function formatMacLike(template: string | undefined, mac: string): string {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (template !== undefined && /^[0-9A-Fa-f]{12}$/.test(template)) return hex;
  const separator = template?.includes('-') ? '-' : ':';
  return (hex.match(/../g) ?? []).join(separator);
}

/** True for the masked ids of the captures: empty, all zeros, or python-kasa's `REDACTED_…`. */
export function isMaskedId(value: unknown): boolean {
  return typeof value !== 'string' || value === '' || /^0+$/.test(value) || value.startsWith('REDACTED_');
}

/** A stable upper-case hex id of `length` characters for this device and field. */
export function deriveHexId(mac: string, field: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    out += createHash('sha256').update(`${mac}/${field}/${round}`).digest('hex').toUpperCase();
  }
  return out.slice(0, length);
}

/** The fixture's id when it is real, otherwise one derived from the MAC with the same length (40 by default). */
export function unmaskId(value: unknown, mac: string, field: string, fallbackLength = 40): string {
  if (!isMaskedId(value)) return value as string;
  const length = typeof value === 'string' && /^0+$/.test(value) ? value.length : fallbackLength;
  return deriveHexId(mac, field, length);
}

/** A deep copy of JSON data, so a simulator never mutates the fixture object it was given. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
