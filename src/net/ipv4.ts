import ipaddr from 'ipaddr.js';

/**
 * IPv4 addresses as unsigned 32-bit integers, so target ranges are pairs of numbers and a /16 is never a list of
 * strings. Only strict dotted quads are accepted (`127.1` and `0x7f.0.0.1` are valid to inet_aton but surprising
 * on a command line that decides what gets scanned).
 */

/** An inclusive range of IPv4 addresses as unsigned 32-bit integers. */
export interface Ipv4Interval {
  start: number;
  end: number;
}

export function isDottedQuad(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** `a.b.c.d` → unsigned 32-bit integer. The caller has checked `isDottedQuad`. */
export function ipv4ToInt(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv4.parse(text).octets;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export function intToIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** The network of `prefix` bits containing `value`, as an interval. */
export function cidrInterval(value: number, prefix: number): Ipv4Interval {
  const size = 2 ** (32 - prefix);
  const start = value - (value % size);
  return { start, end: start + size - 1 };
}

/** Sorts and merges overlapping or adjacent intervals, so every address is iterated once. */
export function mergeIntervals(intervals: Ipv4Interval[]): Ipv4Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Ipv4Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end + 1) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

export function intervalSize(interval: Ipv4Interval): number {
  return interval.end - interval.start + 1;
}

export function intervalsOverlap(a: Ipv4Interval, b: Ipv4Interval): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function intervalContains(outer: Ipv4Interval, inner: Ipv4Interval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** 127.0.0.0/8 (RFC 1122 §3.2.1.3): every address in it is the local host. */
export function isLoopbackIpv4(text: string): boolean {
  return text.startsWith('127.') && isDottedQuad(text);
}
