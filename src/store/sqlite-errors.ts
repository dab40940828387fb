import { IotwardenError, StoreError } from '../errors/index.ts';

/** Stable codes for the ways a database file can fail a user. */
export const STORE_ERROR_CODES = {
  locked: 'ERR_STORE_LOCKED',
  corrupt: 'ERR_STORE_CORRUPT',
  readonly: 'ERR_STORE_READONLY',
  cannotOpen: 'ERR_STORE_OPEN',
  newerSchema: 'ERR_STORE_SCHEMA_NEWER',
  olderSchema: 'ERR_STORE_SCHEMA_OLDER',
  notIotwarden: 'ERR_STORE_FOREIGN',
  full: 'ERR_STORE_FULL',
  input: 'ERR_STORE_INPUT',
  other: 'ERR_STORE',
} as const;

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a better-sqlite3 / OS error into a StoreError that names the file and says what to do. Result codes are
 * SQLite's (https://sqlite.org/rescode.html): extended codes such as SQLITE_BUSY_SNAPSHOT start with the primary one.
 */
export function translateSqliteError(error: unknown, file: string, action: string): IotwardenError {
  if (error instanceof IotwardenError) return error;
  const code = sqliteCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const at = `${action} ${file}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      `Could not ${at}: the database is locked by another program (${detail}). Wait for the other iotwarden run to finish, or close it, then try again. Nothing was changed.`,
      error,
      STORE_ERROR_CODES.locked,
    );
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      `Could not ${at}: the file is not a usable iotwarden database (${detail}). Move it aside (or restore a backup) and run again, or pass --db with another file. The file was left untouched.`,
      error,
      STORE_ERROR_CODES.corrupt,
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new StoreError(
      `Could not ${at}: the file or its directory is read-only (${detail}). Give your user write access to both, or pass --db with a writable location.`,
      error,
      STORE_ERROR_CODES.readonly,
    );
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'ENOTDIR' ||
    code === 'ENOENT' ||
    code === 'EISDIR' ||
    code === 'EEXIST'
  ) {
    return new StoreError(
      `Could not ${at}: the file cannot be opened or created (${detail}). Check that the directory exists and is writable, or pass --db with another file.`,
      error,
      STORE_ERROR_CODES.cannotOpen,
    );
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') {
    return new StoreError(
      `Could not ${at}: the disk is full (${detail}). Free some space and try again; nothing was changed.`,
      error,
      STORE_ERROR_CODES.full,
    );
  }
  return new StoreError(`Could not ${at}: ${detail}`, error, STORE_ERROR_CODES.other);
}
