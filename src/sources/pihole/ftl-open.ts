import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DNS_SOURCE_ERROR_CODES, DnsSourceError, errorCode, fileError } from '../source-errors.ts';

/** `current`: query_storage + *_by_id tables behind a `queries` view (FTL database version ≥ 12); `legacy`: a plain table. */
export type FtlLayout = 'current' | 'legacy';

export interface OpenedFtlDatabase {
  db: BetterSqlite3.Database;
  layout: FtlLayout;
  /** True when the file could not be read in place and a backup copy is read instead. */
  copied: boolean;
  close(): void;
}

export interface OpenFtlOptions {
  /** How long SQLite waits on Pi-hole's lock, in place and again for the copy. */
  busyTimeoutMs: number;
  /** `auto` copies only when reading in place fails on a lock. */
  copy?: 'auto' | 'always' | 'never';
}

function isBusy(error: unknown): boolean {
  const code = errorCode(error);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** Turns a SQLite failure on Pi-hole's file into a DnsSourceError with a stable code. */
export function ftlError(file: string, error: unknown): DnsSourceError {
  if (error instanceof DnsSourceError) return error;
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (isBusy(error)) {
    return new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.locked,
      file,
      `the database stayed locked by its writer (${detail}); not even a backup copy could be taken. Try again in a moment.`,
      error,
    );
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.corrupt,
      file,
      `not a usable SQLite database (${detail}). Point to Pi-hole's pihole-FTL.db (usually /etc/pihole/).`,
      error,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM')) {
    return new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.permission,
      file,
      `cannot be opened (${detail}). A WAL database also needs its directory readable and its -shm file writable.`,
      error,
    );
  }
  return fileError(file, error);
}

function detectLayout(db: BetterSqlite3.Database, file: string): FtlLayout {
  const rows = db
    .prepare("SELECT type, name FROM sqlite_master WHERE name IN ('queries', 'query_storage')")
    .all() as Array<{ type: string; name: string }>;
  const queries = rows.find((r) => r.name === 'queries');
  if (!queries) {
    throw new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.format,
      file,
      'has no `queries` table or view, so it is not a Pi-hole FTL database.',
    );
  }
  return queries.type === 'view' && rows.some((r) => r.name === 'query_storage') ? 'current' : 'legacy';
}

function openInPlace(file: string, busyTimeoutMs: number): OpenedFtlDatabase {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    const layout = detectLayout(db, file);
    return { db, layout, copied: false, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Copies the database with SQLite's online backup API (https://sqlite.org/backup.html), which reads a consistent
 * snapshot page by page and lets the writer go between steps. A step that meets the lock is retried until the
 * busy timeout runs out.
 */
async function openCopy(file: string, busyTimeoutMs: number): Promise<OpenedFtlDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-ftl-'));
  const copy = join(dir, 'pihole-FTL.db');
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const deadline = Date.now() + busyTimeoutMs;
  try {
    for (;;) {
      const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 0 });
      try {
        const progress = await source.backup(copy);
        // better-sqlite3 reports a step that met the lock as finished with 0 pages: a database has at least one.
        if (progress.totalPages > 0) break;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      } catch (error) {
        rmSync(copy, { force: true });
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      } finally {
        source.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const opened = openInPlace(copy, busyTimeoutMs);
    return {
      ...opened,
      copied: true,
      close: () => {
        opened.db.close();
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw ftlError(file, error);
  }
}

/**
 * Opens Pi-hole's long-term database read-only with a busy timeout. Pi-hole v6 keeps it in WAL mode, where readers
 * never wait; an older rollback-journal file can be locked while FTL writes, and then a backup copy is read.
 */
export async function openFtlDatabase(file: string, options: OpenFtlOptions): Promise<OpenedFtlDatabase> {
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
  } catch (error) {
    throw fileError(file, error);
  }
  const mode = options.copy ?? 'auto';
  if (mode === 'always') return openCopy(file, options.busyTimeoutMs);
  try {
    return openInPlace(file, options.busyTimeoutMs);
  } catch (error) {
    if (mode === 'auto' && isBusy(error)) return openCopy(file, options.busyTimeoutMs);
    throw ftlError(file, error);
  }
}
