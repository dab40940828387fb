import type { LoggedQuery } from './live-query-log.ts';
import type { GeneratedQuery } from './traffic-model.ts';

/**
 * AdGuard Home's query log formats (AdGuardHome internal/querylog: entry.go for querylog.json lines, json.go for
 * `/control/querylog` items) for lab queries. Blocked lab queries carry filtering.Reason 3 (FilteredBlockList,
 * named "FilteredBlackList" in the API), the rest 0 (NotFilteredNotFound).
 */

const BLOCKED = new Set(['GRAVITY', 'REGEX', 'DENYLIST']);
const UPSTREAM = 'https://dns10.quad9.net:443/dns-query';

/** RFC 3339 with nanoseconds as Go prints it (RFC3339Nano trims trailing zeros). Lab times get a sub-ms part. */
export function goTime(timeMs: number, subMsNs: number): string {
  const iso = new Date(timeMs).toISOString(); // 2026-01-01T00:00:00.123Z
  const fraction = `${iso.slice(20, 23)}${String(subMsNs).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/**
 * The nanoseconds below the ms of the entry with sequence number `seq` (its log position): unique and rising
 * within a millisecond, as real entries are, so lab entries exercise nanosecond cursors and never tie.
 */
function subMs(seq: number): number {
  return seq % 1_000_000;
}

/** The entry's time as [ms, ns below the ms], exactly as goTime prints it, for `older_than` comparisons. */
export function entryTime(query: LoggedQuery): readonly [number, number] {
  return [query.timeMs, subMs(query.id)];
}

/** One querylog.json line (logEntry); `seq` is the entry's position in the log. */
export function fileLine(query: GeneratedQuery, seq: number): string {
  const blocked = BLOCKED.has(query.status);
  const entry = {
    T: goTime(query.timeMs, subMs(seq)),
    QH: query.domain,
    QT: query.type,
    QC: 'IN',
    CP: '',
    Upstream: blocked ? undefined : UPSTREAM,
    IP: query.client,
    Result: blocked ? { IsFiltered: true, Reason: 3, Rules: [{ Text: `||${query.domain}^`, FilterListID: 1 }] } : {},
    Elapsed: Math.round(query.replyMs * 1e6),
    Cached: query.status === 'CACHE' ? true : undefined,
  };
  return JSON.stringify(entry);
}

/** One `/control/querylog` data item (entryToJSON). */
export function apiItem(query: LoggedQuery): Record<string, unknown> {
  const blocked = BLOCKED.has(query.status);
  return {
    answer_dnssec: false,
    cached: query.status === 'CACHE',
    client: query.client,
    client_info: { whois: {}, name: query.clientName, disallowed_rule: '', disallowed: false },
    client_proto: '',
    elapsedMs: String(Math.round(query.replyMs * 1000) / 1000),
    question: { class: 'IN', name: query.domain, type: query.type },
    reason: blocked ? 'FilteredBlackList' : 'NotFilteredNotFound',
    rules: blocked ? [{ filter_list_id: 1, text: `||${query.domain}^` }] : [],
    status: 'NOERROR',
    time: goTime(query.timeMs, subMs(query.id)),
    upstream: blocked ? '' : UPSTREAM,
  };
}
