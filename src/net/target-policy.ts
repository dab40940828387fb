import type ipaddr from 'ipaddr.js';
import { cidrInterval, type Ipv4Interval, intervalContains, intervalsOverlap, ipv4ToInt } from './ipv4.ts';

/**
 * Which addresses iotwarden may probe at all. A home audit belongs on the home network: loopback (the lab),
 * RFC 1918 private space, link-local (RFC 3927) and carrier-grade NAT space (RFC 6598, some ISP routers hand it
 * out inside the home). Public addresses need an explicit opt-in; multicast, broadcast and reserved space are
 * never hosts, so they are always refused.
 */

/**
 * The advice of a refusal. No command line option opens public space (the `allowPublic` parse option exists for
 * code that reads stored targets back), so the advice names none: a user cannot be sent after a flag that does not
 * exist.
 */
const HOME_ONLY = 'iotwarden scans only home networks, never public (internet) addresses';

function block(address: string, prefix: number): Ipv4Interval {
  return cidrInterval(ipv4ToInt(address), prefix);
}

const HOME_IPV4: readonly Ipv4Interval[] = [
  block('127.0.0.0', 8),
  block('10.0.0.0', 8),
  block('172.16.0.0', 12),
  block('192.168.0.0', 16),
  block('169.254.0.0', 16),
  block('100.64.0.0', 10),
];

const NEVER_IPV4: ReadonlyArray<{ interval: Ipv4Interval; why: string }> = [
  { interval: block('0.0.0.0', 8), why: '0.0.0.0/8 is "this network", not a host (RFC 1122 §3.2.1.3)' },
  { interval: block('224.0.0.0', 4), why: '224.0.0.0/4 is multicast (RFC 5771)' },
  { interval: block('240.0.0.0', 4), why: '240.0.0.0/4 is reserved and includes the broadcast address (RFC 1112)' },
];

/** Why an IPv4 interval must not be probed, or undefined when it may be. */
export function ipv4Refusal(interval: Ipv4Interval, allowPublic: boolean): string | undefined {
  for (const never of NEVER_IPV4) {
    if (intervalsOverlap(interval, never.interval)) return never.why;
  }
  if (allowPublic || HOME_IPV4.some((home) => intervalContains(home, interval))) return undefined;
  return `it reaches outside loopback, private (RFC 1918), link-local and CGNAT space; ${HOME_ONLY}`;
}

const HOME_IPV6_RANGES = new Set(['loopback', 'linkLocal', 'uniqueLocal']);
const NEVER_IPV6_RANGES = new Set(['unspecified', 'multicast']);

/** Why an IPv6 host must not be probed, or undefined when it may be. */
export function ipv6Refusal(address: ipaddr.IPv6, allowPublic: boolean): string | undefined {
  const range = address.range();
  if (NEVER_IPV6_RANGES.has(range)) return `it is an IPv6 ${range} address, not a host`;
  if (allowPublic || HOME_IPV6_RANGES.has(range)) return undefined;
  return `it is not a loopback, link-local or unique-local IPv6 address; ${HOME_ONLY}`;
}
