import { type ApiBase, parseApiBase } from '../api-http.ts';
import type { DnsImportSink, DnsReadOptions, DnsReadOutcome, DnsSourceReader } from '../source.ts';
import { DNS_SOURCE_ERROR_CODES, DnsSourceError } from '../source-errors.ts';
import type { DnsNetworkHost, DnsQuery, DnsSourceRef } from '../types.ts';
import { PiholeApiClient, type PiholeApiQuery, type PiholeQueryParams } from './api-client.ts';
import { ftlStatusByName } from './ftl-codes.ts';

/** Resume point: the last Pi-hole query id counted and its time (the next import asks `from` that second on). */
export interface PiholeApiCursor {
  lastId: number;
  lastTimeMs: number;
}

export interface PiholeApiSourceOptions {
  /** From config or the environment; never from the command line. Undefined: Pi-hole must have no password. */
  password: string | undefined;
  /** Read Pi-hole's long-term database through the API (`disk=true`) instead of its in-memory window. */
  disk?: boolean;
  /** Queries per page (Pi-hole's `length`). */
  pageLength?: number;
  maxBytes?: number;
  /** History to import the first time when Pi-hole does not say how far back it reaches. */
  firstImportMs?: number;
  /** Queries one time window may hold in memory before it is read again in halves (default MAX_WINDOW_ROWS). */
  maxWindowRows?: number;
  /** `/api/queries` requests one import may make (default MAX_REQUESTS); the next import continues after them. */
  maxRequests?: number;
}

const MIN_WINDOW_S = 60;
const MAX_WINDOW_S = 86_400;
/**
 * A window of more rows is read again in halves, and one of MIN_WINDOW_S still over it is refused: 100,000 queries
 * in one minute is over 1,600 a second, far beyond a home network, while an API that answers full pages however far
 * `start` goes would otherwise fill memory page by page.
 */
export const MAX_WINDOW_ROWS = 100_000;
/**
 * 50,000 pages of 1,000 are 50 million queries, years of a busy home; the bound stops an API whose newest query
 * lies centuries ahead from keeping the import walking empty windows. Progress is committed per window, so an
 * import that reaches it continues where it stopped the next time.
 */
export const MAX_REQUESTS = 50_000;

function isCursor(value: unknown): value is PiholeApiCursor {
  const c = value as Partial<PiholeApiCursor> | undefined;
  return typeof c?.lastId === 'number' && typeof c.lastTimeMs === 'number';
}

/**
 * Pi-hole v6's `GET /api/queries`. The API pages newest first (ORDER BY id DESC, `start` offsets under a fixed
 * `cursor`), so the import walks time windows oldest first (`from` inclusive, `until` exclusive, both Unix seconds),
 * pages through each window and commits it: memory stays bounded by one window, and queries arrive in time order.
 */
export class PiholeApiSource implements DnsSourceReader {
  readonly ref: DnsSourceRef;
  readonly #base: ApiBase;
  readonly #options: PiholeApiSourceOptions;

  constructor(url: string, options: PiholeApiSourceOptions) {
    this.#base = parseApiBase(url);
    this.ref = { kind: 'pihole-api', location: this.#base.location };
    this.#options = options;
  }

  async read(cursor: unknown, sink: DnsImportSink, options: DnsReadOptions): Promise<DnsReadOutcome> {
    const client = new PiholeApiClient(this.#base, {
      timeoutMs: options.timeoutMs,
      maxBytes: this.#options.maxBytes ?? 32 * 1024 * 1024,
      signal: options.signal,
    });
    await client.login(this.#options.password);
    try {
      return await this.#walk(client, isCursor(cursor) ? cursor : undefined, sink, options);
    } finally {
      await client.logout();
    }
  }

  /** Pi-hole's network table over the API (MAC ↔ IP ↔ name), for the inventory. */
  async networkHosts(options: DnsReadOptions): Promise<DnsNetworkHost[]> {
    const client = new PiholeApiClient(this.#base, {
      timeoutMs: options.timeoutMs,
      maxBytes: this.#options.maxBytes ?? 32 * 1024 * 1024,
      signal: options.signal,
    });
    await client.login(this.#options.password);
    try {
      return await client.networkDevices();
    } finally {
      await client.logout();
    }
  }

  async #walk(
    client: PiholeApiClient,
    cursor: PiholeApiCursor | undefined,
    sink: DnsImportSink,
    options: DnsReadOptions,
  ): Promise<DnsReadOutcome> {
    const disk = this.#options.disk ?? false;
    const length = this.#options.pageLength ?? 1000;
    const budget = { left: (this.#options.maxRequests ?? MAX_REQUESTS) - 1 };
    const newest = await client.queries({ length: 1, disk });
    const top = newest.queries[0];
    if (newest.cursor === null || !top) return { limitations: [] };
    const pin = newest.cursor;
    const earliest = (disk ? newest.earliest_timestamp_disk : newest.earliest_timestamp) ?? 0;
    const fallback = top.time - (this.#options.firstImportMs ?? 86_400_000) / 1000;
    let from = cursor ? cursor.lastTimeMs / 1000 : earliest > 0 ? earliest : fallback;
    // Ids only grow, unless Pi-hole's database was flushed; then the time cursor alone decides.
    let lastId = cursor && cursor.lastId <= pin ? cursor.lastId : 0;
    let windowS = 3600;
    while (from <= top.time) {
      options.signal.throwIfAborted();
      const until = from + windowS;
      const rows = await this.#window(client, { from, until, cursor: pin, length, disk }, budget);
      if (rows === 'budget') {
        return {
          limitations: [
            `stopped after ${this.#options.maxRequests ?? MAX_REQUESTS} API requests; import again to continue`,
          ],
        };
      }
      if (rows === 'too-many') {
        if (windowS <= MIN_WINDOW_S) throw this.#tooMany(from, until);
        windowS = Math.max(MIN_WINDOW_S, windowS / 2);
        continue;
      }
      const fresh = rows.filter((q) => q.id > lastId).sort((a, b) => a.id - b.id);
      if (fresh.length < rows.length) sink.skip(rows.length - fresh.length);
      for (const q of fresh) sink.add(toQuery(q));
      const last = fresh.at(-1);
      if (last) {
        lastId = last.id;
        sink.checkpoint({ lastId, lastTimeMs: Math.round(last.time * 1000) } satisfies PiholeApiCursor);
      }
      // Keep a window near a few pages: busy hours shrink it, quiet nights stretch it.
      if (rows.length > 4 * length) windowS = Math.max(MIN_WINDOW_S, windowS / 2);
      else if (rows.length < length) windowS = Math.min(MAX_WINDOW_S, windowS * 2);
      from = until;
    }
    return { limitations: [] };
  }

  /** Every page of one window; `too-many` past maxWindowRows, `budget` when the request budget ran out. */
  async #window(
    client: PiholeApiClient,
    params: Omit<PiholeQueryParams, 'start'>,
    budget: { left: number },
  ): Promise<PiholeApiQuery[] | 'too-many' | 'budget'> {
    const maxRows = this.#options.maxWindowRows ?? MAX_WINDOW_ROWS;
    const rows: PiholeApiQuery[] = [];
    for (let start = 0; ; start += params.length) {
      if (budget.left <= 0) return 'budget';
      budget.left -= 1;
      const page = await client.queries({ ...params, start });
      rows.push(...page.queries);
      if (rows.length > maxRows) return 'too-many';
      if (page.queries.length < params.length) return rows;
    }
  }

  #tooMany(from: number, until: number): DnsSourceError {
    const maxRows = this.#options.maxWindowRows ?? MAX_WINDOW_ROWS;
    // `from` comes from the API's own answers: a time too far out for a Date is shown as the number it is.
    const at = Math.abs(from) < 8.64e12 ? new Date(from * 1000).toISOString() : `${from} (Unix s)`;
    return new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.unreachable,
      this.#base.location,
      `/api/queries answered more than ${maxRows} queries for the ${until - from} s from ${at}; that is no home network, so the import stopped there.`,
    );
  }
}

function toQuery(q: PiholeApiQuery): DnsQuery {
  const query: DnsQuery = {
    timeMs: Math.round(q.time * 1000),
    client: q.client.ip,
    domain: q.domain.toLowerCase().replace(/\.$/, ''),
    type: q.type.toUpperCase(),
    status: ftlStatusByName(q.status),
  };
  return q.client.name ? { ...query, clientName: q.client.name } : query;
}
