import type { DnsStatus } from '../types.ts';

/**
 * dnsmasq `log-queries` lines (dnsmasq 2.90, cache.c log_query), as written with `log-facility=<file>` or by syslog:
 *   `Nov 26 03:09:37 dnsmasq[16564]: query[A] example.com from 192.168.1.20`
 *   `Nov 26 03:09:37 dnsmasq[16564]: config example.com is 0.0.0.0`
 * With `log-queries=extra` a serial and the client's address/port precede the message (`17 192.168.1.20/40123 query[A] …`);
 * rsyslog may insert a host name and write RFC 3339 times (`2025-11-26T03:09:37.123+01:00 host dnsmasq[1]: …`).
 */

export type DnsmasqLine =
  | { kind: 'query'; stamp: LineStamp; type: string; name: string; client: string; serial?: string }
  | {
      kind: 'answer';
      name: string;
      status: DnsStatus;
      stamp: LineStamp;
      /** What produced it: `reply`, `cached`, `config`, `/etc/hosts`, `forwarded`, … */
      source: string;
      /** The answer as logged: an address, `<CNAME>`, `NXDOMAIN`, `NODATA`, … (`forwarded`: the upstream). */
      value: string;
      /** `log-queries=extra`: the query's serial and the client that asked. */
      serial?: string;
      client?: string;
    };

/** A line's time: absolute for RFC 3339 stamps, month-day-time for classic syslog ones (which carry no year). */
export type LineStamp = { ms: number } | { month: number; day: number; hour: number; minute: number; second: number };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SYSLOG = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (?:\S+ )?dnsmasq(?:\[\d+\])?: (.*)$/;
const ISO =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})) (?:\S+ )?dnsmasq(?:\[\d+\])?: (.*)$/;
// Optional `log-queries=extra` prefix: serial, then client address/port.
const EXTRA = /^(\d+) (\S+)\/\d+ (.*)$/;
const QUERY = /^query(?:\[([^\]]*)\])? (\S+) from (\S+)$/;
const ANSWER =
  /^(config|reply|cached|cached-stale|forwarded|\/\S+|gravity blocked|regex blocked|exactly blocked|special domain) (\S+) (?:is|to) (.*)$/;

/** Block answers as blocklists write them in dnsmasq (`address=/name/0.0.0.0`, `address=/name/` for NXDOMAIN). */
const BLOCK_ANSWERS = new Set(['0.0.0.0', '::', 'NXDOMAIN']);

function answerStatus(source: string, value: string): DnsStatus {
  if (source.endsWith('blocked')) return 'blocked'; // Pi-hole's own dnsmasq fork names its block lists
  if (source === 'config' && BLOCK_ANSWERS.has(value)) return 'blocked';
  return 'allowed';
}

function typeName(raw: string | undefined): string {
  if (!raw) return 'OTHER';
  const numbered = /^type=(\d+)$/.exec(raw);
  return numbered ? `TYPE${numbered[1]}` : raw.toUpperCase();
}

/** The query or answer a line reports, or undefined for every other line (startup, DHCP, …). */
export function parseDnsmasqLine(line: string): DnsmasqLine | undefined {
  let stamp: LineStamp;
  let message: string;
  const classic = SYSLOG.exec(line);
  if (classic) {
    const month = MONTHS.indexOf(classic[1]!);
    if (month < 0) return undefined;
    stamp = {
      month,
      day: Number(classic[2]),
      hour: Number(classic[3]),
      minute: Number(classic[4]),
      second: Number(classic[5]),
    };
    message = classic[6]!;
  } else {
    const iso = ISO.exec(line);
    if (!iso) return undefined;
    const ms = Date.parse(iso[1]!);
    if (Number.isNaN(ms)) return undefined;
    stamp = { ms };
    message = iso[2]!;
  }
  const extra = EXTRA.exec(message);
  const body = extra ? extra[3]! : message;
  const query = QUERY.exec(body);
  if (query) {
    const result: DnsmasqLine = {
      kind: 'query',
      stamp,
      type: typeName(query[1]),
      name: query[2]!.toLowerCase().replace(/\.$/, ''),
      client: query[3]!,
    };
    if (extra) result.serial = extra[1]!;
    return result;
  }
  const answer = ANSWER.exec(body);
  if (answer) {
    const value = answer[3]!.trim();
    const result: DnsmasqLine = {
      kind: 'answer',
      name: answer[2]!.toLowerCase().replace(/\.$/, ''),
      status: answerStatus(answer[1]!, value),
      stamp,
      source: answer[1]!,
      value,
    };
    if (extra) {
      result.serial = extra[1]!;
      result.client = extra[2]!;
    }
    return result;
  }
  return undefined;
}

/**
 * Resolves classic stamps to Unix ms in local time (dnsmasq logs its host's local time). The year is not in the
 * line: it is the year of `referenceMs` (the file's modification time), or the one before for a date after it.
 */
export function stampToMs(stamp: LineStamp, referenceMs: number): number {
  if ('ms' in stamp) return stamp.ms;
  const reference = new Date(referenceMs);
  let year = reference.getFullYear();
  const candidate = (y: number): number =>
    new Date(y, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second).getTime();
  // A day of slack: the last line of a file may be written a moment after the mtime was read.
  if (candidate(year) > referenceMs + 86_400_000) year -= 1;
  return candidate(year);
}
