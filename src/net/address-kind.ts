import ipaddr from 'ipaddr.js';

/**
 * Where an address points, as the traffic analysis needs it: inside the home (RFC 1918, link-local, loopback, CGNAT
 * RFC 6598, IPv6 unique-local RFC 4193 and link-local), a multicast or broadcast group (mDNS 224.0.0.251, SSDP
 * 239.255.255.250, ff02::fb), or the internet (everything else, including the documentation ranges of RFC 5737,
 * which tests use as "internet" hosts).
 */
export type AddressKind = 'local' | 'multicast' | 'broadcast' | 'internet' | 'invalid';

const LOCAL_RANGES = new Set(['private', 'loopback', 'linkLocal', 'carrierGradeNat', 'uniqueLocal', 'unspecified']);

export function addressKind(address: string): AddressKind {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === 'multicast') return 'multicast';
  if (range === 'broadcast') return 'broadcast';
  if (LOCAL_RANGES.has(range)) return 'local';
  return 'internet';
}

/** The canonical text of an address (`::ffff:192.0.2.1` → `192.0.2.1`, `2001:DB8::0001` → `2001:db8::1`), or undefined. */
export function canonicalAddress(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  }
  return parsed.toString();
}
