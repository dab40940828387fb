import { sql } from 'kysely';
import { StoreError } from '../errors/index.ts';
import type { DatabaseHandle } from './database.ts';
import { STORE_ERROR_CODES, translateSqliteError } from './sqlite-errors.ts';

/** How many of quick_check's complaints the error quotes. */
const QUOTED_PROBLEMS = 3;

/**
 * Proves the database can be written, without changing it: takes the write lock and rewrites one row in a
 * transaction that is rolled back. SQLite opens a file it may not write read-only without saying so, and only
 * the first page write fails (BEGIN IMMEDIATE alone succeeds on a read-only file), so nothing less than a write
 * tells. A read-only file or directory, a lock held elsewhere or a full disk are found here, before any traffic.
 */
export async function checkWritable(handle: DatabaseHandle): Promise<void> {
  const action = 'check that iotwarden can write to';
  if (handle.readonly) {
    throw new StoreError(
      `Cannot ${action} ${handle.file}: it was opened read-only.`,
      undefined,
      STORE_ERROR_CODES.readonly,
    );
  }
  await handle.db.connection().execute(async (conn) => {
    try {
      await sql`BEGIN IMMEDIATE`.execute(conn);
    } catch (error) {
      throw translateSqliteError(error, handle.file, action);
    }
    try {
      await sql`UPDATE schema_migrations SET applied_ms = applied_ms
        WHERE version = (SELECT max(version) FROM schema_migrations)`.execute(conn);
    } catch (error) {
      throw translateSqliteError(error, handle.file, action);
    } finally {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined); // SQLite may have rolled back already
    }
  });
}

/**
 * `PRAGMA quick_check` (https://sqlite.org/pragma.html#pragma_quick_check): every page, record and constraint is
 * checked, indexes are not compared with their tables (integrity_check does that, in far more time). A damaged file
 * that still opens is found here rather than half way through writing a scan.
 */
export async function checkIntegrity(handle: DatabaseHandle): Promise<void> {
  const action = 'check the integrity of';
  let problems: string[];
  try {
    const result = await sql<{ quick_check: string }>`PRAGMA quick_check`.execute(handle.db);
    problems = result.rows.map((r) => r.quick_check).filter((text) => text !== 'ok');
  } catch (error) {
    throw translateSqliteError(error, handle.file, action);
  }
  if (problems.length === 0) return;
  const quoted = problems.slice(0, QUOTED_PROBLEMS).join('; ');
  const more = problems.length > QUOTED_PROBLEMS ? ` and ${problems.length - QUOTED_PROBLEMS} more` : '';
  throw new StoreError(
    `Could not use ${handle.file}: the database is damaged (${quoted}${more}). Move it aside (or restore a backup) and run again, or pass --db with another file. The file was left untouched.`,
    undefined,
    STORE_ERROR_CODES.corrupt,
  );
}
