import type { DnsStatus } from '../types.ts';

/**
 * Pi-hole FTL's numeric codes as stored in the long-term database (fixture pihole/ftl-v6-schema.sql, from
 * FTL src/database/query-table.h and enum query_type / enum query_status in src/enums.h).
 */

/** Query type by code: 1 A … 16 HTTPS; 14 is OTHER. A value above 100 is an unnamed type stored as 100 + qtype. */
const TYPE_NAMES = [
  'UNKNOWN',
  'A',
  'AAAA',
  'ANY',
  'SRV',
  'SOA',
  'PTR',
  'TXT',
  'NAPTR',
  'MX',
  'DS',
  'RRSIG',
  'DNSKEY',
  'NS',
  'OTHER',
  'SVCB',
  'HTTPS',
] as const;

export function ftlTypeName(code: number): string {
  if (code > 100) return `TYPE${code - 100}`;
  return TYPE_NAMES[code] ?? 'OTHER';
}

/** The code FTL stores for a type name (TYPEnnn → 100 + nnn), for writers of test and lab databases. */
export function ftlTypeCode(name: string): number {
  const index = TYPE_NAMES.indexOf(name as (typeof TYPE_NAMES)[number]);
  if (index > 0) return index;
  const match = /^TYPE(\d+)$/.exec(name);
  return match ? 100 + Number(match[1]) : 14;
}

/**
 * Status names by code (FTL's get_query_status_str, as the v6 API reports them) and what each means here.
 * Blocked: gravity, regex, denylist, their CNAME variants, upstream-blocked answers, and DBBUSY / SPECIAL_DOMAIN,
 * which FTL also answers with a block (it counts them as blocked in its own statistics).
 */
export const FTL_STATUSES: ReadonlyArray<readonly [string, DnsStatus]> = [
  ['UNKNOWN', 'other'],
  ['GRAVITY', 'blocked'],
  ['FORWARDED', 'allowed'],
  ['CACHE', 'allowed'],
  ['REGEX', 'blocked'],
  ['DENYLIST', 'blocked'],
  ['EXTERNAL_BLOCKED_IP', 'blocked'],
  ['EXTERNAL_BLOCKED_NULL', 'blocked'],
  ['EXTERNAL_BLOCKED_NXRA', 'blocked'],
  ['GRAVITY_CNAME', 'blocked'],
  ['REGEX_CNAME', 'blocked'],
  ['DENYLIST_CNAME', 'blocked'],
  ['RETRIED', 'allowed'],
  ['RETRIED_DNSSEC', 'allowed'],
  ['IN_PROGRESS', 'other'],
  ['DBBUSY', 'blocked'],
  ['SPECIAL_DOMAIN', 'blocked'],
  ['CACHE_STALE', 'allowed'],
  ['EXTERNAL_BLOCKED_EDE15', 'blocked'],
];

const STATUS_BY_NAME = new Map<string, DnsStatus>(FTL_STATUSES);

export function ftlStatus(code: number): DnsStatus {
  return FTL_STATUSES[code]?.[1] ?? 'other';
}

/** The status of an API answer (`"FORWARDED"`, `"GRAVITY"`, … or null while in progress). */
export function ftlStatusByName(name: string | null | undefined): DnsStatus {
  return (name && STATUS_BY_NAME.get(name.toUpperCase())) || 'other';
}

/** The code of a status name, for writers of test and lab databases. */
export function ftlStatusCode(name: string): number {
  // findIndex gives -1 for an unknown name: that is status 0, UNKNOWN.
  return Math.max(
    0,
    FTL_STATUSES.findIndex(([n]) => n === name),
  );
}
