import { z } from 'zod';
import { type ApiBase, apiRequest, jsonBody, parseApiBase } from '../api-http.ts';
import type { DnsImportSink, DnsReadOptions, DnsReadOutcome, DnsSourceReader } from '../source.ts';
import { DNS_SOURCE_ERROR_CODES, DnsSourceError } from '../source-errors.ts';
import type { DnsNetworkHost, DnsSourceRef } from '../types.ts';
import { adguardClientsSchema, adguardNetworkHosts } from './clients.ts';
import { type AdguardEntry, compareTime, parseApiEntry } from './entry.ts';
import { TimeCursorFilter } from './time-cursor.ts';

export interface AdguardApiSourceOptions {
  username: string;
  /** From config or the environment; never from the command line. */
  password: string | undefined;
  /** Entries per request (AdGuard's `limit`, 500 by default there). */
  pageLimit?: number;
  /** Stop paging back after this many new entries (the newest are kept). */
  maxEntries?: number;
  /** Stop paging back after this many requests (default MAX_PAGES), whatever the pages held. */
  maxPages?: number;
  maxBytes?: number;
}

/**
 * maxEntries bounds what is kept, not how long paging goes on: pages of entries that do not parse, or empty ones
 * with a new `oldest` each time, would keep the import asking forever. 10,000 pages are 5 million entries at
 * AdGuard's default 500 per page, ten times the default maxEntries.
 */
export const MAX_PAGES = 10_000;

const pageSchema = z.object({ data: z.array(z.unknown()), oldest: z.string().optional() });

/**
 * AdGuard Home's `GET /control/querylog` with HTTP basic auth (internal/querylog/http.go). It pages newest first:
 * `older_than` = the previous page's `oldest`. Pages are fetched back to the cursor, then counted oldest first.
 */
export class AdguardApiSource implements DnsSourceReader {
  readonly ref: DnsSourceRef;
  readonly #base: ApiBase;
  readonly #options: AdguardApiSourceOptions;

  constructor(url: string, options: AdguardApiSourceOptions) {
    this.#base = parseApiBase(url);
    this.ref = { kind: 'adguard-api', location: this.#base.location };
    this.#options = options;
  }

  async read(cursor: unknown, sink: DnsImportSink, options: DnsReadOptions): Promise<DnsReadOutcome> {
    if (this.#options.password === undefined) {
      throw new DnsSourceError(
        DNS_SOURCE_ERROR_CODES.auth,
        this.#base.location,
        'no password is configured for AdGuard Home; set it in iotwarden.yaml or the environment.',
      );
    }
    const filter = new TimeCursorFilter(cursor);
    const limit = this.#options.pageLimit ?? 500;
    const maxEntries = this.#options.maxEntries ?? 500_000;
    const maxPages = this.#options.maxPages ?? MAX_PAGES;
    const fresh: AdguardEntry[] = [];
    const limitations: string[] = [];
    let skipped = 0;
    let olderThan: string | undefined;
    for (let pages = 1; ; pages++) {
      options.signal.throwIfAborted();
      const page = await this.#page(limit, olderThan, options);
      let reachedCursor = false;
      for (const raw of page.data) {
        const entry = parseApiEntry(raw);
        if (!entry) continue;
        if (filter.isNew(entry)) fresh.push(entry);
        else {
          skipped += 1;
          reachedCursor = true;
        }
      }
      if (fresh.length >= maxEntries) {
        limitations.push(`only the newest ${fresh.length} entries were imported; older history was left out`);
        break;
      }
      // An empty `oldest` means the log has nothing older.
      if (reachedCursor || !page.oldest || page.oldest === olderThan) break;
      if (pages >= maxPages) {
        limitations.push(`stopped paging back after ${pages} pages; older history was left out`);
        break;
      }
      olderThan = page.oldest;
    }
    fresh.sort((a, b) => compareTime(a.time, b.time));
    for (const entry of fresh) {
      sink.add(entry.query);
      filter.counted(entry);
    }
    if (fresh.length > 0) sink.checkpoint(filter.cursor());
    if (skipped > 0) sink.skip(skipped);
    return { limitations };
  }

  /** Persistent clients with a MAC and an address (`/control/clients`), for the inventory. */
  async networkHosts(options: DnsReadOptions): Promise<DnsNetworkHost[]> {
    const credentials = Buffer.from(`${this.#options.username}:${this.#options.password}`).toString('base64');
    const response = await apiRequest(this.#base, {
      path: '/control/clients',
      headers: { authorization: `Basic ${credentials}` },
      timeoutMs: options.timeoutMs,
      maxBytes: this.#options.maxBytes ?? 32 * 1024 * 1024,
      signal: options.signal,
    });
    // An AdGuard Home without the clients API (or a user without access to it) still imports its queries.
    if (response.status !== 200) return [];
    const parsed = adguardClientsSchema.safeParse(jsonBody(this.#base, response, '/control/clients'));
    return parsed.success ? adguardNetworkHosts(parsed.data, Date.now()) : [];
  }

  async #page(limit: number, olderThan: string | undefined, options: DnsReadOptions) {
    const search = new URLSearchParams({ limit: String(limit) });
    if (olderThan) search.set('older_than', olderThan);
    const credentials = Buffer.from(`${this.#options.username}:${this.#options.password}`).toString('base64');
    const response = await apiRequest(this.#base, {
      path: `/control/querylog?${search}`,
      headers: { authorization: `Basic ${credentials}` },
      timeoutMs: options.timeoutMs,
      maxBytes: this.#options.maxBytes ?? 32 * 1024 * 1024,
      signal: options.signal,
    });
    if (response.status === 401 || response.status === 403) {
      throw new DnsSourceError(
        DNS_SOURCE_ERROR_CODES.auth,
        this.#base.location,
        `AdGuard Home refused the credentials of user "${this.#options.username}" (HTTP ${response.status}).`,
      );
    }
    if (response.status !== 200) {
      throw new DnsSourceError(
        DNS_SOURCE_ERROR_CODES.refused,
        this.#base.location,
        `/control/querylog answered HTTP ${response.status}.`,
      );
    }
    const parsed = pageSchema.safeParse(jsonBody(this.#base, response, '/control/querylog'));
    if (!parsed.success) {
      throw new DnsSourceError(
        DNS_SOURCE_ERROR_CODES.unreachable,
        this.#base.location,
        '/control/querylog answered in an unexpected shape.',
      );
    }
    return parsed.data;
  }
}
