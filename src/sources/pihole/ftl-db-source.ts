import { normalizeMac } from '../../net/mac.ts';
import type { DnsImportSink, DnsReadOptions, DnsReadOutcome, DnsSourceReader } from '../source.ts';
import type { DnsNetworkHost, DnsSourceRef } from '../types.ts';
import { ftlStatus, ftlTypeName } from './ftl-codes.ts';
import { ftlError, type OpenedFtlDatabase, type OpenFtlOptions, openFtlDatabase } from './ftl-open.ts';
import { type FtlPageRow, FtlPager } from './ftl-pages.ts';

/** Resume point: the last database id counted, and its time for when the file was replaced (ids restart). */
export interface FtlCursor {
  lastId: number;
  lastTimeMs: number;
}

export interface FtlDbSourceOptions {
  /** Queries committed per checkpoint. */
  chunkSize?: number;
  copy?: OpenFtlOptions['copy'];
  /** Busy timeout on Pi-hole's lock; defaults to the read's timeoutMs. */
  busyTimeoutMs?: number;
}

/** Rows per page: large enough that per-statement overhead vanishes, small enough to keep memory flat. */
const PAGE_ROWS = 2000;

/**
 * Whether a row can be counted: it names its client and domain (FTL's own API skips rows with a dangling id too)
 * and has a numeric time. SQLite keeps text in an INTEGER column, so a damaged or forged database can hold
 * `timestamp = 'abc'`: one such row used to fail the whole import (issue 8 fuzzing, test/fuzz/ftl-db-target.ts).
 */
function countable(timestamp: unknown, key: string | null): boolean {
  return key !== null && typeof timestamp === 'number' && Number.isFinite(timestamp);
}

/**
 * Hands a page of rows to the sink; returns how many it skipped as not {@link countable}. An indexed loop, as
 * small as it can be: it runs once per query (10 million times in bench:dns).
 */
function countPage(rows: readonly FtlPageRow[], sink: DnsImportSink): number {
  let broken = 0;
  for (let i = 0; i < rows.length; i++) {
    const [timestamp, code, key] = rows[i]!;
    if (key === null || !countable(timestamp, key)) {
      broken += 1;
      continue;
    }
    sink.addKeyed(Math.round(timestamp * 1000), key, ftlTypeName(code >> 5), ftlStatus(code & 31));
  }
  return broken;
}

/** The time of the page's last counted row, or `fallback` when it counted none. */
function lastTimeOf(rows: readonly FtlPageRow[], fallback: number): number {
  for (let i = rows.length - 1; i >= 0; i--) {
    const [timestamp, , key] = rows[i]!;
    if (countable(timestamp, key)) return Math.round(timestamp * 1000);
  }
  return fallback;
}

function isCursor(value: unknown): value is FtlCursor {
  const c = value as Partial<FtlCursor> | undefined;
  return typeof c?.lastId === 'number' && typeof c.lastTimeMs === 'number';
}

/**
 * Pi-hole's long-term database (`pihole-FTL.db`), both layouts, always read through `queries` (a view over
 * query_storage in the current layout, a table in the old one; fixture pihole/*.sql). Rows are read in id order in
 * chunks, each chunk its own short read, so Pi-hole's writer is never held up for long.
 */
export class FtlDbSource implements DnsSourceReader {
  readonly ref: DnsSourceRef;
  readonly #options: FtlDbSourceOptions;

  constructor(file: string, options: FtlDbSourceOptions = {}) {
    this.ref = { kind: 'pihole-db', location: file };
    this.#options = options;
  }

  async read(cursor: unknown, sink: DnsImportSink, options: DnsReadOptions): Promise<DnsReadOutcome> {
    const opened = await this.#open(options);
    try {
      return this.#readAll(opened, isCursor(cursor) ? cursor : { lastId: 0, lastTimeMs: 0 }, sink, options);
    } catch (error) {
      throw ftlError(this.ref.location, error);
    } finally {
      opened.close();
    }
  }

  #readAll(opened: OpenedFtlDatabase, start: FtlCursor, sink: DnsImportSink, options: DnsReadOptions): DnsReadOutcome {
    const { db } = opened;
    const limitations: string[] = [];
    if (opened.copied) limitations.push('the database was locked by Pi-hole, so a backup copy of it was read');
    let { lastId, lastTimeMs } = start;
    const maxId = this.#lastReadableId(db, limitations);
    if (maxId < lastId) {
      // The file was replaced or flushed and ids started again: resume by time instead.
      const row = db.prepare('SELECT min(id) AS id FROM queries WHERE timestamp > ?').get(lastTimeMs / 1000) as {
        id: number | null;
      };
      lastId = (row.id ?? maxId + 1) - 1;
      limitations.push('the database was replaced since the last import; continued after the last imported time');
    }
    const chunkSize = this.#options.chunkSize ?? 250_000;
    // `maxId` ends the read where it began, however much Pi-hole logs meanwhile.
    const pages = new FtlPager(db, { lastId, maxId }, Math.min(chunkSize, PAGE_ROWS));
    let sinceCheckpoint = 0;
    let broken = 0;
    for (let rows = pages.next(); rows !== undefined; rows = pages.next()) {
      options.signal.throwIfAborted();
      broken += countPage(rows, sink);
      lastTimeMs = lastTimeOf(rows, lastTimeMs);
      sinceCheckpoint += rows.length;
      if (sinceCheckpoint >= chunkSize || pages.lastId >= maxId) {
        if (broken > 0) sink.skip(broken);
        broken = 0;
        sinceCheckpoint = 0;
        sink.checkpoint({ lastId: pages.lastId, lastTimeMs } satisfies FtlCursor);
      }
    }
    return { limitations };
  }

  /**
   * The highest query id, capped at 2^53 - 1: JavaScript numbers hold integers exactly only up to there, and a
   * rounded id could make a keyset page return the same rows again. Pi-hole counts ids up from 1, so only a
   * damaged or hand-made file gets near; rows past the cap are left out, and the import says so.
   */
  #lastReadableId(db: OpenedFtlDatabase['db'], limitations: string[]): number {
    const row = db.prepare('SELECT max(id) AS id FROM queries').safeIntegers(true).get() as { id: bigint | null };
    const maxId = row.id ?? 0n;
    if (maxId <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(maxId);
    limitations.push(`queries with ids above ${Number.MAX_SAFE_INTEGER} (2^53 - 1) were left out`);
    return Number.MAX_SAFE_INTEGER;
  }

  /** Pi-hole's `network` + `network_addresses`: each MAC with its addresses and host names. */
  async networkHosts(options: DnsReadOptions): Promise<DnsNetworkHost[]> {
    const opened = await this.#open(options);
    try {
      const tables = opened.db
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('network', 'network_addresses')")
        .get() as { n: number };
      if (tables.n < 2) return [];
      const rows = opened.db
        .prepare(
          `SELECT n.hwaddr, n.macVendor AS vendor, n.firstSeen, n.lastQuery, a.ip, a.lastSeen, a.name
           FROM network n JOIN network_addresses a ON a.network_id = n.id`,
        )
        .all() as Array<{
        hwaddr: string;
        vendor: string | null;
        firstSeen: number;
        lastQuery: number;
        ip: string;
        lastSeen: number;
        name: string | null;
      }>;
      const hosts: DnsNetworkHost[] = [];
      for (const row of rows) {
        // FTL records clients without a known MAC as "ip-<address>"; those carry no identity.
        const mac = normalizeMac(row.hwaddr);
        if (!mac || row.hwaddr.startsWith('ip-')) continue;
        const host: DnsNetworkHost = { mac, ip: row.ip, lastSeenMs: Math.max(row.lastSeen, row.lastQuery) * 1000 };
        if (row.name) host.name = row.name;
        if (row.vendor) host.vendor = row.vendor;
        if (row.firstSeen > 0) host.firstSeenMs = row.firstSeen * 1000;
        hosts.push(host);
      }
      return hosts;
    } catch (error) {
      throw ftlError(this.ref.location, error);
    } finally {
      opened.close();
    }
  }

  #open(options: DnsReadOptions): Promise<OpenedFtlDatabase> {
    const open: OpenFtlOptions = { busyTimeoutMs: this.#options.busyTimeoutMs ?? options.timeoutMs };
    if (this.#options.copy) open.copy = this.#options.copy;
    return openFtlDatabase(this.ref.location, open);
  }
}
