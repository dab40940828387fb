import { z } from 'zod';
import type { DnsQuery, DnsStatus } from '../types.ts';

/**
 * AdGuard Home query log entries, in the two shapes it writes them (AdGuardHome internal/querylog):
 * - `querylog.json` lines (logEntry): `T` time (RFC 3339, nanoseconds), `QH` host, `QT` type, `IP` client,
 *   `Result.Reason` (a number) and `Result.IsFiltered`;
 * - `/control/querylog` items (entryToJSON): `time`, `client`, `question.{name,type}`, `reason` (a name).
 */

/** filtering.Reason values that mean the query was blocked (internal/filtering/reason.go, in declaration order). */
const BLOCKED_REASON_CODES = new Set([3, 4, 5, 6, 8]); // FilteredBlockList, SafeBrowsing, Parental, Invalid, BlockedService
const ERROR_REASON_CODE = 2; // NotFilteredError
const BLOCKED_REASON_NAMES = new Set([
  'FilteredBlackList',
  'FilteredSafeBrowsing',
  'FilteredParental',
  'FilteredInvalid',
  'FilteredBlockedService',
]);

/** A time with AdGuard's full precision: Unix ms plus the nanoseconds below the ms. */
export interface LogTime {
  ms: number;
  ns: number;
}

export function compareTime(a: LogTime, b: LogTime): number {
  return a.ms - b.ms || a.ns - b.ns;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses Go's RFC3339Nano (`2026-01-02T10:00:00.123456789+01:00`, trailing zeros trimmed). */
export function parseLogTime(text: string): LogTime | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  const seconds = Date.parse(`${match[1]}${match[3]!.toUpperCase()}`);
  if (Number.isNaN(seconds)) return undefined;
  return { ms: seconds + Number(fraction.slice(0, 3)), ns: Number(fraction.slice(3)) };
}

/** Formats a time the way AdGuard's API expects `older_than` (RFC3339Nano in UTC). */
export function formatLogTime(time: LogTime): string {
  const base = new Date(time.ms).toISOString().slice(0, 23);
  return `${base}${String(time.ns).padStart(6, '0')}Z`;
}

export interface AdguardEntry {
  time: LogTime;
  query: DnsQuery;
}

const fileEntrySchema = z.object({
  T: z.string(),
  QH: z.string(),
  QT: z.string(),
  IP: z.string(),
  Result: z.object({ IsFiltered: z.boolean().optional(), Reason: z.number().optional() }).optional(),
});

const apiEntrySchema = z.object({
  time: z.string(),
  client: z.string(),
  question: z.object({ name: z.string(), type: z.string() }),
  reason: z.string().optional(),
});

function entry(time: LogTime, client: string, host: string, type: string, status: DnsStatus): AdguardEntry {
  return {
    time,
    query: { timeMs: time.ms, client, domain: host.toLowerCase().replace(/\.$/, ''), type: type.toUpperCase(), status },
  };
}

/** One `querylog.json` line, or undefined when it is not a log entry. */
export function parseFileEntry(line: string): AdguardEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = fileEntrySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const time = parseLogTime(parsed.data.T);
  if (!time) return undefined;
  const reason = parsed.data.Result?.Reason;
  const status: DnsStatus =
    reason === ERROR_REASON_CODE
      ? 'other'
      : (reason !== undefined && BLOCKED_REASON_CODES.has(reason)) ||
          (reason === undefined && parsed.data.Result?.IsFiltered === true)
        ? 'blocked'
        : 'allowed';
  return entry(time, parsed.data.IP, parsed.data.QH, parsed.data.QT, status);
}

/** One item of `/control/querylog`'s `data`, or undefined when it does not have the expected shape. */
export function parseApiEntry(raw: unknown): AdguardEntry | undefined {
  const parsed = apiEntrySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const time = parseLogTime(parsed.data.time);
  if (!time) return undefined;
  const reason = parsed.data.reason ?? '';
  const status: DnsStatus =
    reason === 'NotFilteredError' ? 'other' : BLOCKED_REASON_NAMES.has(reason) ? 'blocked' : 'allowed';
  return entry(time, parsed.data.client, parsed.data.question.name, parsed.data.question.type, status);
}
