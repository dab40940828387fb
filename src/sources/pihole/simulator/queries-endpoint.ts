import type { LoggedQuery } from '../../../lab/dns-traffic/live-query-log.ts';

/** FTL keeps the last 24 h in memory (misc.maxHistory = 86400 s); older queries only via `disk=true`. */
const MEMORY_WINDOW_MS = 86_400_000;

export type QueriesAnswer =
  | { status: 200; body: Record<string, unknown> }
  | { status: 400; body: Record<string, unknown> };

/** First index whose value is ≥ target (values ascending). */
function lowerBound(entries: readonly LoggedQuery[], target: number, value: (q: LoggedQuery) => number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value(entries[mid]!) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function number(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function item(q: LoggedQuery): Record<string, unknown> {
  const blocked = q.status === 'GRAVITY' || q.status === 'REGEX' || q.status === 'DENYLIST';
  return {
    id: q.id,
    time: q.timeMs / 1000,
    type: q.type,
    domain: q.domain,
    cname: null,
    status: q.status,
    client: { ip: q.client, name: `${q.clientName}.lan` },
    dnssec: 'UNKNOWN',
    reply: { type: 'IP', time: Math.round(q.replyMs * 1000) / 1000 },
    list_id: blocked ? 1 : null,
    upstream: q.status === 'FORWARDED' ? '9.9.9.9#53' : null,
    ede: { code: 0, text: null },
  };
}

/**
 * `GET /api/queries` as FTL answers it (src/api/queries.c): newest first (ORDER BY id DESC), `from` inclusive and
 * `until` exclusive (Unix seconds), `cursor` = largest id shown (400 when larger than any id), `start`/`length`
 * paging, and the response's `cursor` repeating the request's or else the newest id.
 */
export function answerQueries(all: readonly LoggedQuery[], params: URLSearchParams, nowMs: number): QueriesAnswer {
  const disk = params.get('disk') === 'true';
  const entries = disk ? all : all.slice(lowerBound(all, nowMs - MEMORY_WINDOW_MS, (q) => q.timeMs));
  const maxId = all.at(-1)?.id ?? 0;
  const cursorParam = number(params, 'cursor');
  if (cursorParam !== undefined && cursorParam > maxId) {
    return {
      status: 400,
      body: {
        error: {
          key: 'bad_request',
          message: 'Requested cursor is invalid',
          hint: 'Cursor larger than largest database index',
        },
      },
    };
  }
  const from = number(params, 'from');
  const until = number(params, 'until');
  let lo = from === undefined ? 0 : lowerBound(entries, from * 1000, (q) => q.timeMs);
  let hi = until === undefined ? entries.length : lowerBound(entries, until * 1000, (q) => q.timeMs);
  if (cursorParam !== undefined)
    hi = Math.min(
      hi,
      lowerBound(entries, cursorParam + 1, (q) => q.id),
    );
  lo = Math.min(lo, hi);
  const rawLength = number(params, 'length') ?? 100;
  const length = rawLength <= 0 ? 10_000 : Math.min(rawLength, 10_000);
  const start = Math.max(0, number(params, 'start') ?? 0);
  const page: Record<string, unknown>[] = [];
  for (let i = hi - 1 - start; i >= lo && page.length < length; i--) page.push(item(entries[i]!));
  const filtering = from !== undefined || until !== undefined;
  return {
    status: 200,
    body: {
      queries: page,
      cursor: cursorParam ?? maxId,
      recordsTotal: entries.length,
      recordsFiltered: filtering ? hi - lo : entries.length,
      draw: number(params, 'draw') ?? 0,
      earliest_timestamp: (entries[0]?.timeMs ?? 0) / 1000,
      earliest_timestamp_disk: (all[0]?.timeMs ?? 0) / 1000,
    },
  };
}
