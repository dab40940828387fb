import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { UsageError } from '../../errors/index.ts';
import { lookupMacVendor } from '../../net/mac-vendor.ts';
import { ftlStatusCode, ftlTypeCode } from '../../sources/pihole/ftl-codes.ts';
import { FTL_DB_VERSION, FTL_INDEXES_SQL, FTL_TABLES_SQL } from './ftl-schema.ts';
import type { GeneratedQuery, TrafficClient } from './traffic-model.ts';

/** FTL's reply_type for an answer with addresses (enum reply_type REPLY_IP). */
const REPLY_IP = 4;
const UPSTREAM = '9.9.9.9#53';
const ROWS_PER_TRANSACTION = 100_000;

/**
 * Writes generated queries into a Pi-hole FTL database the way FTL stores them: in the current layout strings go to
 * the *_by_id tables and query_storage holds their ids; in the old layout the plain `queries` table holds strings.
 * The layout is that of the database given (tests build it from the fixture schemas); `createFtlDatabase` makes a
 * current one.
 */
export class FtlWriter {
  readonly #db: BetterSqlite3.Database;
  readonly #current: boolean;
  readonly #insert: BetterSqlite3.Statement;
  readonly #domainIds = new Map<string, number>();
  readonly #clientIds = new Map<string, number>();
  readonly #seen = new Map<string, { first: number; last: number; count: number; name: string }>();
  #inTransaction = 0;
  /** False while the caller holds a transaction of its own: then the caller commits. */
  #ownTransaction = false;
  count = 0;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#current = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'query_storage'").get() !== undefined;
    this.#insert = this.#current
      ? db.prepare(
          `INSERT INTO query_storage (timestamp, type, status, domain, client, forward, reply_type, reply_time, dnssec, list_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
        )
      : db.prepare('INSERT INTO queries (timestamp, type, status, domain, client, forward) VALUES (?, ?, ?, ?, ?, ?)');
    if (this.#current) {
      for (const row of db.prepare('SELECT id, domain FROM domain_by_id').all() as Array<{
        id: number;
        domain: string;
      }>) {
        this.#domainIds.set(row.domain, row.id);
      }
      for (const row of db.prepare('SELECT id, ip FROM client_by_id').all() as Array<{ id: number; ip: string }>) {
        this.#clientIds.set(row.ip, row.id);
      }
      db.prepare('INSERT OR IGNORE INTO forward_by_id (id, forward) VALUES (1, ?)').run(UPSTREAM);
    }
  }

  add(query: GeneratedQuery): void {
    if (this.#inTransaction === 0 && !this.#db.inTransaction) {
      this.#db.exec('BEGIN');
      this.#ownTransaction = true;
    }
    const timestamp = query.timeMs / 1000;
    const type = ftlTypeCode(query.type);
    const status = ftlStatusCode(query.status);
    const forwarded = query.status === 'FORWARDED';
    if (this.#current) {
      this.#insert.run(
        timestamp,
        type,
        status,
        this.#id(this.#domainIds, query.domain, 'INSERT INTO domain_by_id (id, domain) VALUES (?, ?)', [query.domain]),
        this.#id(this.#clientIds, query.client, 'INSERT INTO client_by_id (id, ip, name) VALUES (?, ?, ?)', [
          query.client,
          query.clientName,
        ]),
        forwarded ? 1 : null,
        REPLY_IP,
        query.replyMs / 1000,
        status === 1 ? 1 : null,
      );
    } else {
      this.#insert.run(timestamp, type, status, query.domain, query.client, forwarded ? UPSTREAM : null);
    }
    const seen = this.#seen.get(query.client);
    if (seen) {
      seen.last = query.timeMs;
      seen.count += 1;
    } else this.#seen.set(query.client, { first: query.timeMs, last: query.timeMs, count: 1, name: query.clientName });
    this.count += 1;
    this.#inTransaction += 1;
    if (this.#inTransaction >= ROWS_PER_TRANSACTION) this.flush();
  }

  flush(): void {
    if (this.#ownTransaction) this.#db.exec('COMMIT');
    this.#ownTransaction = false;
    this.#inTransaction = 0;
  }

  /** Commits, then records each client that has a MAC in the network tables (MAC ↔ IP ↔ name), as FTL does. */
  finish(clients: readonly TrafficClient[]): void {
    this.flush();
    const hasNetwork = this.#db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'network'").get() !== undefined;
    if (!hasNetwork) return;
    const insertNetwork = this.#db.prepare(
      `INSERT INTO network (hwaddr, interface, firstSeen, lastQuery, numQueries, macVendor) VALUES (?, 'eth0', ?, ?, ?, ?)
       ON CONFLICT (hwaddr) DO UPDATE SET lastQuery = excluded.lastQuery, numQueries = numQueries + excluded.numQueries
       RETURNING id`,
    );
    const insertAddress = this.#db.prepare(
      `INSERT INTO network_addresses (network_id, ip, lastSeen, name, nameUpdated) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (ip) DO UPDATE SET network_id = excluded.network_id, lastSeen = excluded.lastSeen, name = excluded.name`,
    );
    this.#db.transaction(() => {
      for (const client of clients) {
        if (!client.mac) continue;
        const seen = this.#seen.get(client.address);
        const first = Math.floor((seen?.first ?? Date.now()) / 1000);
        const last = Math.floor((seen?.last ?? Date.now()) / 1000);
        const vendor = client.vendor ?? lookupMacVendor(client.mac)?.vendor ?? null;
        // FTL keeps MACs lower-case (it reads them from the kernel's neighbour table).
        const row = insertNetwork.get(client.mac.toLowerCase(), first, last, seen?.count ?? 0, vendor) as {
          id: number;
        };
        insertAddress.run(row.id, client.address, last, `${client.name}.lan`, last);
      }
      this.#db.prepare('INSERT OR REPLACE INTO ftl (id, value) VALUES (0, ?)').run(FTL_DB_VERSION);
      this.#db.prepare('INSERT OR REPLACE INTO counters (id, value) VALUES (0, ?)').run(this.count);
    })();
  }

  #id(ids: Map<string, number>, key: string, sql: string, values: unknown[]): number {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size + 1;
      this.#db.prepare(sql).run(id, ...values);
      ids.set(key, id);
    }
    return id;
  }
}

/**
 * A new, empty FTL database (current layout) at `file`, in WAL mode as Pi-hole v6 keeps it. Indexes come last
 * when `bulk` is set: the caller loads rows, then calls `createFtlIndexes`.
 */
export function createFtlDatabase(file: string, options: { bulk?: boolean } = {}): BetterSqlite3.Database {
  if (existsSync(file)) {
    throw new UsageError(`${file} already exists; the lab never overwrites a database.`, {
      code: 'ERR_LAB_FILE_EXISTS',
    });
  }
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  if (options.bulk) db.pragma('synchronous = OFF');
  db.exec(FTL_TABLES_SQL);
  if (!options.bulk) db.exec(FTL_INDEXES_SQL);
  return db;
}

export function createFtlIndexes(db: BetterSqlite3.Database): void {
  db.exec(FTL_INDEXES_SQL);
}
