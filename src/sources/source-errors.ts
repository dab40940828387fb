import { IotwardenError } from '../errors/index.ts';

/** Stable codes for the ways a DNS source can fail an import. Scripts and tests match on these, never on messages. */
export const DNS_SOURCE_ERROR_CODES = {
  /** The file or directory does not exist. */
  missing: 'ERR_DNS_SOURCE_MISSING',
  /** The database is locked by its writer and stayed locked (even for a backup copy) past the busy timeout. */
  locked: 'ERR_DNS_SOURCE_LOCKED',
  /** The file is damaged or not a database at all. */
  corrupt: 'ERR_DNS_SOURCE_CORRUPT',
  /** Readable, but not the format expected (a database without a `queries` table, a log in another format). */
  format: 'ERR_DNS_SOURCE_FORMAT',
  /** The API refused the password, or none is configured. */
  auth: 'ERR_DNS_SOURCE_AUTH',
  /** The API could not be reached, timed out or answered outside its protocol. */
  unreachable: 'ERR_DNS_SOURCE_UNREACHABLE',
  /** The API answered, but with an error status other than a refused password (too many sessions, a bad request). */
  refused: 'ERR_DNS_SOURCE_REFUSED',
  /** No permission to read the file. */
  permission: 'ERR_DNS_SOURCE_PERMISSION',
} as const;
export type DnsSourceErrorCode = (typeof DNS_SOURCE_ERROR_CODES)[keyof typeof DNS_SOURCE_ERROR_CODES];

/**
 * A DNS source could not be read. The message names the source (file or URL) and says what to do; queries imported
 * before the failure stay imported, and the source's cursor still points just after them.
 */
export class DnsSourceError extends IotwardenError {
  /** File path or base URL of the source. */
  readonly location: string;

  constructor(code: DnsSourceErrorCode, location: string, message: string, cause?: unknown) {
    super(code, `${location}: ${message}`, { cause });
    this.location = location;
  }
}

/** The errno or SQLite result code carried by an error, if any. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Turns an OS error from opening or reading a file into a DnsSourceError. */
export function fileError(location: string, error: unknown): DnsSourceError {
  if (error instanceof DnsSourceError) return error;
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.missing,
      location,
      `no such file (${code}). Check the path.`,
      error,
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.permission,
      location,
      `permission denied (${code}). Run as a user that may read it (e.g. in the group that owns it).`,
      error,
    );
  }
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
    return new DnsSourceError(DNS_SOURCE_ERROR_CODES.corrupt, location, `damaged gzip data (${detail}).`, error);
  }
  return new DnsSourceError(DNS_SOURCE_ERROR_CODES.format, location, `cannot be read: ${detail}`, error);
}
