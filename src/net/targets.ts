import ipaddr from 'ipaddr.js';
import { UsageError } from '../errors/index.ts';
import {
  cidrInterval,
  type Ipv4Interval,
  intervalSize,
  intToIpv4,
  ipv4ToInt,
  isDottedQuad,
  mergeIntervals,
} from './ipv4.ts';
import { ipv4Refusal, ipv6Refusal } from './target-policy.ts';

/** The most addresses a scan may cover without `allowLarge`: one /16. */
export const MAX_TARGET_ADDRESSES = 65_536;

export interface ParseTargetsOptions {
  /** Allow more than MAX_TARGET_ADDRESSES addresses (and networks larger than /16). */
  allowLarge?: boolean;
  /** Allow addresses outside loopback, private, link-local and CGNAT space. */
  allowPublic?: boolean;
}

/**
 * The addresses a scan may touch, exactly as the user configured them. The scanner only ever probes what this set
 * yields, and passive sources (ARP, DHCP leases) drop every record it does not contain: there is no default sweep.
 */
export class TargetSet {
  /** The tokens as given, in order. */
  readonly tokens: readonly string[];
  readonly #ipv4: Ipv4Interval[];
  readonly #ipv6: string[];

  constructor(tokens: readonly string[], ipv4: Ipv4Interval[], ipv6: string[]) {
    this.tokens = tokens;
    this.#ipv4 = mergeIntervals(ipv4);
    this.#ipv6 = [...new Set(ipv6)];
  }

  /** How many addresses `hosts()` yields. */
  get size(): number {
    return this.#ipv4.reduce((sum, interval) => sum + intervalSize(interval), 0) + this.#ipv6.length;
  }

  /** Every address once, in ascending order, computed as it is consumed (a /16 is never held in memory). */
  *hosts(): Generator<string> {
    for (const interval of this.#ipv4) {
      for (let value = interval.start; value <= interval.end; value++) yield intToIpv4(value);
    }
    yield* this.#ipv6;
  }

  /** True when every target is loopback (a lab): timeouts can be tight and RSTs prove nothing. */
  get loopbackOnly(): boolean {
    const loopback = { start: ipv4ToInt('127.0.0.0'), end: ipv4ToInt('127.255.255.255') };
    return (
      this.#ipv4.every((i) => loopback.start <= i.start && i.end <= loopback.end) &&
      this.#ipv6.every((address) => address === '::1')
    );
  }

  /** Is the address inside the configured scope? Anything unparsable is not. */
  contains(address: string): boolean {
    if (isDottedQuad(address)) {
      const value = ipv4ToInt(address);
      return this.#ipv4.some((interval) => interval.start <= value && value <= interval.end);
    }
    if (!ipaddr.IPv6.isValid(address)) return false;
    const v6 = ipaddr.IPv6.parse(address);
    if (v6.isIPv4MappedAddress()) return this.contains(v6.toIPv4Address().toString());
    return this.#ipv6.includes(v6.toString());
  }
}

/**
 * Parses `--targets`: comma-separated IPv4 CIDR networks (`127.77.1.0/24`), hosts (`127.77.1.5`), ranges
 * (`127.77.1.10-127.77.1.40` or `127.77.1.10-40`) and single IPv6 hosts.
 *
 * Host names are refused, not resolved: a DNS answer must not decide what gets probed (a resolver can point a
 * name anywhere, including outside the home), and the lookup itself would leak the scan to the resolver.
 * Networks of /30 and larger skip their network and broadcast addresses; /31 and /32 keep both (RFC 3021).
 */
export function parseTargets(input: string | readonly string[], options: ParseTargetsOptions = {}): TargetSet {
  const tokens = (typeof input === 'string' ? [input] : input).flatMap((part) => part.split(',')).map((t) => t.trim());
  if (tokens.length === 0 || tokens.every((t) => t === '')) {
    throw new UsageError('no targets given: name the networks to scan, e.g. --targets 192.168.1.0/24', {
      code: 'ERR_TARGETS',
    });
  }
  const ipv4: Ipv4Interval[] = [];
  const ipv6: string[] = [];
  for (const token of tokens) {
    if (token === '') throw targetError('', 'an empty entry in the target list (check for a doubled comma)');
    const parsed = parseToken(token, options);
    if (typeof parsed === 'string') ipv6.push(parsed);
    else ipv4.push(...parsed);
  }
  const set = new TargetSet(tokens, ipv4, ipv6);
  if (!options.allowLarge && set.size > MAX_TARGET_ADDRESSES) {
    throw new UsageError(
      `targets "${tokens.join(',')}" cover ${set.size.toLocaleString('en')} addresses, more than ${MAX_TARGET_ADDRESSES.toLocaleString('en')} (a /16); narrow them or pass allowLarge (--allow-large)`,
      { code: 'ERR_TARGETS' },
    );
  }
  return set;
}

function parseToken(token: string, options: ParseTargetsOptions): Ipv4Interval[] | string {
  if (token.includes('/')) return parseCidr(token, options);
  if (isDottedQuad(token)) return checked(token, [{ start: ipv4ToInt(token), end: ipv4ToInt(token) }], options);
  if (token.includes('-')) return parseRange(token, options);
  if (ipaddr.IPv6.isValid(token)) return parseIpv6Host(token, options);
  throw targetError(
    token,
    'not an IP address, CIDR network or range; host names are not resolved (a DNS answer must not decide what gets scanned): give the address',
  );
}

function parseCidr(token: string, options: ParseTargetsOptions): Ipv4Interval[] | string {
  const [address = '', prefixText = '', ...rest] = token.split('/');
  if (rest.length > 0 || !/^\d{1,3}$/.test(prefixText)) throw targetError(token, 'the prefix length is not a number');
  const prefix = Number(prefixText);
  if (ipaddr.IPv6.isValid(address)) {
    if (prefix === 128) return parseIpv6Host(address, options);
    throw targetError(token, 'IPv6 networks cannot be swept (2^64 addresses per subnet); list single IPv6 hosts');
  }
  if (!isDottedQuad(address)) throw targetError(token, `"${address}" is not an IPv4 address`);
  if (prefix > 32) throw targetError(token, 'an IPv4 prefix length is at most 32');
  if (prefix < 16 && !options.allowLarge) {
    throw targetError(
      token,
      `a /${prefix} has ${(2 ** (32 - prefix)).toLocaleString('en')} addresses; networks larger than /16 need allowLarge (--allow-large)`,
    );
  }
  const network = cidrInterval(ipv4ToInt(address), prefix);
  // Network and broadcast addresses are not hosts, except on point-to-point /31 links (RFC 3021) and a /32.
  const hosts = prefix <= 30 ? { start: network.start + 1, end: network.end - 1 } : network;
  return checked(token, [hosts], options);
}

function parseRange(token: string, options: ParseTargetsOptions): Ipv4Interval[] {
  const [from = '', to = '', ...rest] = token.split('-');
  if (rest.length > 0 || !isDottedQuad(from)) throw targetError(token, 'a range is a.b.c.d-a.b.c.e or a.b.c.d-e');
  const start = ipv4ToInt(from);
  let end: number;
  if (isDottedQuad(to)) end = ipv4ToInt(to);
  else if (/^\d{1,3}$/.test(to) && Number(to) <= 255) end = start - (start % 256) + Number(to);
  else throw targetError(token, `"${to}" is neither an IPv4 address nor a last octet (0-255)`);
  if (end < start) throw targetError(token, 'the range ends before it starts');
  return checked(token, [{ start, end }], options);
}

function parseIpv6Host(token: string, options: ParseTargetsOptions): string {
  const address = ipaddr.IPv6.parse(token);
  if (address.isIPv4MappedAddress()) throw targetError(token, 'write IPv4-mapped addresses as plain IPv4');
  const refusal = ipv6Refusal(address, options.allowPublic ?? false);
  if (refusal) throw targetError(token, `refused: ${refusal}`);
  return address.toString();
}

function checked(token: string, intervals: Ipv4Interval[], options: ParseTargetsOptions): Ipv4Interval[] {
  for (const interval of intervals) {
    const refusal = ipv4Refusal(interval, options.allowPublic ?? false);
    if (refusal) throw targetError(token, `refused: ${refusal}`);
  }
  return intervals;
}

function targetError(token: string, why: string): UsageError {
  return new UsageError(`bad target "${token}": ${why}`, { code: 'ERR_TARGETS' });
}
