import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement, sql } from 'kysely';
import { StoreError } from '../errors/index.ts';
import type { StoreSchema } from './schema.ts';
import { STORE_ERROR_CODES, translateSqliteError } from './sqlite-errors.ts';

export interface DatabaseOptions {
  readonly?: boolean;
  /** How long a write waits for another process's lock before failing with ERR_STORE_LOCKED. */
  busyTimeoutMs?: number;
  /**
   * Where to tell the user something they should know but that does not stop the command (a database file whose
   * permissions were tightened). Default: one `iotwarden: …` line on stderr.
   */
  onNotice?: (message: string) => void;
}

/**
 * The one connection to the database file of this process: the typed query layer and, for the DNS import's hot
 * path only, the raw better-sqlite3 connection under it (the same connection, so the same transactions and locks).
 */
export interface DatabaseHandle {
  readonly file: string;
  readonly readonly: boolean;
  readonly db: Kysely<StoreSchema>;
  readonly raw: BetterSqlite3.Database;
}

/** Where `options` says to tell the user something: `onNotice`, else one `iotwarden: …` line on stderr. */
export function noticeTo(options: DatabaseOptions): (message: string) => void {
  return options.onNotice ?? ((message) => process.stderr.write(`iotwarden: ${message}\n`));
}

const MAX_CACHED_STATEMENTS = 256;

/**
 * Hands Kysely a statement cache instead of the bare connection: better-sqlite3 compiles SQL on every `prepare`, and
 * the scan writes run the same few statements hundreds of times, so each distinct SQL text is prepared once.
 */
class CachedStatements implements SqliteDatabase {
  #raw: BetterSqlite3.Database;
  #statements = new Map<string, SqliteStatement>();

  constructor(raw: BetterSqlite3.Database) {
    this.#raw = raw;
  }

  prepare(text: string): SqliteStatement {
    const cached = this.#statements.get(text);
    if (cached) return cached;
    if (this.#statements.size >= MAX_CACHED_STATEMENTS) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    const statement = this.#raw.prepare(text) as unknown as SqliteStatement;
    this.#statements.set(text, statement);
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#raw.close();
  }
}

/** Creates the directory (0700) and an empty file (0600) so SQLite's WAL and SHM files inherit the private mode. */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Opens (creating when writable) the database file with WAL, a busy timeout and foreign keys. Does not migrate. */
export function openDatabase(file: string, options: DatabaseOptions = {}): DatabaseHandle {
  const readonly = options.readonly ?? false;
  if (readonly && !existsSync(file)) {
    throw new StoreError(
      `No iotwarden database at ${file} yet. Run a scan first, or pass --db with the right file.`,
      undefined,
      STORE_ERROR_CODES.cannotOpen,
    );
  }
  let raw: BetterSqlite3.Database | undefined;
  try {
    if (!readonly) createPrivately(file);
    raw = new BetterSqlite3(file, { readonly, fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
    // https://sqlite.org/wal.html: readers never block the writer; synchronous=NORMAL is corruption-safe in WAL mode.
    if (!readonly) raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    // Reading the schema touches the header, so a file that is not a database fails here, not mid-scan.
    raw.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    raw?.close();
    throw translateSqliteError(error, file, 'open');
  }
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: new CachedStatements(raw) }) });
  return { file, readonly, db, raw };
}

/** Runs a read and turns a SQLite failure into a StoreError that names the file and the action. */
export async function readWith<T>(
  handle: DatabaseHandle,
  action: string,
  query: (db: Kysely<StoreSchema>) => Promise<T>,
): Promise<T> {
  try {
    return await query(handle.db);
  } catch (error) {
    throw translateSqliteError(error, handle.file, action);
  }
}

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a busy database fails before
 * anything is read (no SQLITE_BUSY_SNAPSHOT half way), and any error rolls everything back.
 */
export async function withWriteTransaction<T>(
  handle: DatabaseHandle,
  action: string,
  work: (trx: Kysely<StoreSchema>) => Promise<T>,
): Promise<T> {
  if (handle.readonly) {
    throw new StoreError(
      `Cannot ${action} ${handle.file}: the store was opened read-only.`,
      undefined,
      STORE_ERROR_CODES.readonly,
    );
  }
  return handle.db.connection().execute(async (conn) => {
    try {
      await sql`BEGIN IMMEDIATE`.execute(conn);
    } catch (error) {
      throw translateSqliteError(error, handle.file, action);
    }
    try {
      const result = await work(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined); // already rolled back by SQLite on some errors
      throw translateSqliteError(error, handle.file, action);
    }
  });
}
