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

/**
 * The MAC inside an EUI-64 IPv6 interface id (RFC 4291 Appendix A: `ff:fe` in the middle, the universal/local bit
 * flipped), as a device that forms its link-local address from its MAC announces it (`fe80::255:daff:fe5e:7e7` →
 * `00:55:DA:5E:07:E7`). Undefined for any other address (privacy or random interface ids).
 */
export function macFromEui64(ipv6: string): string | undefined {
  const groups = expandIpv6(ipv6);
  if (!groups) return undefined;
  const id = groups
    .slice(4)
    .map((group) => group.padStart(4, '0'))
    .join('');
  if (id.slice(6, 10).toLowerCase() !== 'fffe') return undefined;
  const bytes = [id.slice(0, 2), id.slice(2, 4), id.slice(4, 6), id.slice(10, 12), id.slice(12, 14), id.slice(14, 16)];
  bytes[0] = (Number.parseInt(bytes[0] ?? '0', 16) ^ 0x02).toString(16).padStart(2, '0');
  return normalizeMac(bytes.join(':'));
}

/** The eight groups of an IPv6 address (`::` expanded), or undefined when it is not one. */
function expandIpv6(text: string): string[] | undefined {
  const address = text.split('%')[0] ?? '';
  if (!/^[0-9a-fA-F:]+$/.test(address)) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  return groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group)) ? groups : undefined;
}
