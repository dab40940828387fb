import { IotwardenError } from './iotwarden-error.ts';

/**
 * Access to the always-on process was refused: not logged in, a wrong password, too many attempts, a read-only
 * token asked to write, a missing CSRF token. The code is stable; the message never says whether a user exists.
 */
export type AccessErrorCode =
  | 'ERR_AUTH_REQUIRED'
  | 'ERR_AUTH_FAILED'
  | 'ERR_AUTH_THROTTLED'
  | 'ERR_FORBIDDEN'
  | 'ERR_CSRF'
  | 'ERR_SETUP_TOKEN'
  | 'ERR_SETUP_DONE';

export class AccessError extends IotwardenError {
  /** For ERR_AUTH_THROTTLED: when the address may try again. */
  readonly retryAfterMs: number | undefined;

  constructor(code: AccessErrorCode, message: string, options: { retryAfterMs?: number } = {}) {
    super(code, message, { kind: 'usage' });
    this.retryAfterMs = options.retryAfterMs;
  }
}
