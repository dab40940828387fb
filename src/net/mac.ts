/**
 * MAC addresses, in one place. iotwarden stores and compares the upper-case colon form (`E8:DB:84:12:34:56`); devices
 * and tools write `aa:bb:…`, `AABBCC…`, `AA-BB-…` or `aabb.ccdd.eeff`.
 */

/** The colon form of a MAC in any common notation, or undefined for anything that is not six octets. */
export function normalizeMac(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = macHex(value);
  return hex.length === 12 ? (hex.match(/../g) ?? []).join(':') : undefined;
}

/** The bare upper-case hex digits (`AABBCCDDEEFF`), the form Shelly devices report; '' for nothing. */
export function macHex(mac: string): string {
  return mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}

const PLACEHOLDERS = new Set(['000000000000', 'FFFFFFFFFFFF']);

/** A MAC that names no device: all zeros (an incomplete neighbour entry) or broadcast. */
export function isPlaceholderMac(mac: string): boolean {
  return PLACEHOLDERS.has(macHex(mac));
}

/**
 * A masked MAC from a shared capture (`AABBCCDDEEFF`, or a tail of `00:00:00`), which real homes never have
 * (../shared/fixtures/README.md). The lab replaces these with unique ones.
 */
export function isMaskedMac(mac: string): boolean {
  const hex = macHex(mac);
  return hex === 'AABBCCDDEEFF' || isPlaceholderMac(mac) || hex.endsWith('000000');
}

/**
 * The second-least-significant bit of the first octet marks a locally administered address (IEEE 802 §8.2):
 * randomised "private" Wi-Fi MACs of phones, and virtual interfaces. No vendor registered those.
 */
export function isLocallyAdministered(mac: string): boolean {
  const first = Number.parseInt(macHex(mac).slice(0, 2), 16);
  return Number.isFinite(first) && (first & 0x02) !== 0;
}

/** The colon form of a MAC that can identify a device: not malformed, not all zeros, not broadcast. */
export function usableMac(value: unknown): string | undefined {
  const mac = normalizeMac(value);
  return mac !== undefined && !isPlaceholderMac(mac) ? mac : undefined;
}
