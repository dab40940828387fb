import { type ApiBase, parseApiBase } from '../api-http.ts';
import type { DnsImportSink, DnsReadOptions, DnsReadOutcome, DnsSourceReader } from '../source.ts';
import type { DnsSourceRef } from '../types.ts';
import { PiholeApiClient, type PiholeApiQuery } from './api-client.ts';
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
}

const MIN_WINDOW_S = 60;
const MAX_WINDOW_S = 86_400;

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

  async #walk(
    client: PiholeApiClient,
    cursor: PiholeApiCursor | undefined,
    sink: DnsImportSink,
    options: DnsReadOptions,
  ): Promise<DnsReadOutcome> {
    const disk = this.#options.disk ?? false;
    const length = this.#options.pageLength ?? 1000;
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
      const rows: PiholeApiQuery[] = [];
      for (let start = 0; ; start += length) {
        const page = await client.queries({ from, until, cursor: pin, start, length, disk });
        rows.push(...page.queries);
        if (page.queries.length < length) break;
      }
      const fresh = rows.filter((q) => q.id > lastId).sort((a, b) => a.id - b.id);
      if (fresh.length < rows.length) sink.skip(rows.length - fresh.length);
      for (const q of fresh) {
        const query = {
          timeMs: Math.round(q.time * 1000),
          client: q.client.ip,
          domain: q.domain.toLowerCase().replace(/\.$/, ''),
          type: q.type.toUpperCase(),
          status: ftlStatusByName(q.status),
        };
        sink.add(q.client.name ? { ...query, clientName: q.client.name } : query);
      }
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
}
