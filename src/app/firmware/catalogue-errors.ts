import { IotwardenError } from '../../errors/index.ts';

/** Stable codes for every way a catalogue file can be refused. Scripts and tests match on these. */
export const CATALOGUE_ERROR_CODES = {
  /** No signature: neither an embedded one nor a detached `.sig` file. */
  unsigned: 'ERR_CATALOGUE_UNSIGNED',
  /** Signed by a key that is not in the trusted-keys list. */
  unknownKey: 'ERR_CATALOGUE_UNKNOWN_KEY',
  /** The signature does not match the bytes: the file (or the signature) was changed after signing. */
  badSignature: 'ERR_CATALOGUE_BAD_SIGNATURE',
  /** Not JSON, not a catalogue, or a catalogue that fails validation. */
  format: 'ERR_CATALOGUE_FORMAT',
  /** Published on a date that has not come yet (beyond a day of clock skew): a wrong clock or a forged date. */
  future: 'ERR_CATALOGUE_FUTURE',
  /** Older than the catalogue already in use (a replayed old file would hide newer advisories). */
  stale: 'ERR_CATALOGUE_STALE',
  /** Over the size limit. */
  tooLarge: 'ERR_CATALOGUE_TOO_LARGE',
  /** The file or URL could not be read. */
  fetch: 'ERR_CATALOGUE_FETCH',
  /** A signing key that cannot be used (not an Ed25519 private key). */
  key: 'ERR_CATALOGUE_KEY',
} as const;

export type CatalogueErrorCode = (typeof CATALOGUE_ERROR_CODES)[keyof typeof CATALOGUE_ERROR_CODES];

/** A catalogue file was refused. Nothing was changed: the catalogue in use stays as it was. */
export class CatalogueError extends IotwardenError {
  constructor(code: CatalogueErrorCode, message: string, cause?: unknown) {
    super(code, message, { cause });
  }
}
