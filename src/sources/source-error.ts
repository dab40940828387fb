import { IotwardenError } from '../errors/index.ts';

/**
 * Stable codes for the ways a device source (Home Assistant, UniFi, AdGuard Home's clients, a lease file) can fail.
 * `iotwarden sources test` prints them; scripts and tests match on them, never on the message.
 */
export const SOURCE_ERROR_CODES = {
  /** The token, password or API key was refused, or none is configured. */
  auth: 'ERR_SOURCE_AUTH',
  /** Nothing answered (refused, reset, no route) or the connection dropped. */
  unreachable: 'ERR_SOURCE_UNREACHABLE',
  /** It accepted the connection but did not answer in time. */
  timeout: 'ERR_SOURCE_TIMEOUT',
  /** It answered, but as a version or product iotwarden does not read (too old, another API). */
  version: 'ERR_SOURCE_VERSION',
  /** It answered outside its protocol: malformed JSON, a shape that fails validation, an answer over the size limit. */
  format: 'ERR_SOURCE_FORMAT',
} as const;
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[keyof typeof SOURCE_ERROR_CODES];

/**
 * A device source could not be read. The message names the source and where it is (never a secret), and says what
 * failed; nothing already in the inventory is touched by a failed read.
 */
export class SourceError extends IotwardenError {
  /** `home-assistant`, `unifi`, … */
  readonly source: string;
  /** The URL or file, without credentials. */
  readonly location: string;

  constructor(code: SourceErrorCode, source: string, location: string, message: string, cause?: unknown) {
    super(code, `${source} ${location}: ${message}`, { cause });
    this.source = source;
    this.location = location;
  }
}
