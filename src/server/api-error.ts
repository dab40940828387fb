/**
 * The one boundary where errors become HTTP: `{status:'error', error:{code, message}}` with a status that matches the
 * stable code. Unexpected errors are logged and answered without their details.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AccessError, IotwardenError } from '../errors/index.ts';
import type { Logger } from '../util/logger.ts';

export interface ErrorBody {
  status: 'error';
  error: { code: string; message: string };
}

const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = {
  ERR_AUTH_REQUIRED: 401,
  ERR_AUTH_FAILED: 401,
  ERR_AUTH_THROTTLED: 429,
  ERR_FORBIDDEN: 403,
  ERR_CSRF: 403,
  ERR_SETUP_TOKEN: 403,
  ERR_SETUP_DONE: 409,
  ERR_NO_DEVICE: 404,
  ERR_NO_TOKEN: 404,
  ERR_NO_JOB: 404,
  ERR_NO_TARGET: 404,
  ERR_NOT_FOUND: 404,
  ERR_UNKNOWN_HOST: 421,
  ERR_SHUTTING_DOWN: 503,
  ERR_STORE_LOCKED: 503,
  ERR_BODY_TOO_LARGE: 413,
};

export function errorBody(code: string, message: string): ErrorBody {
  return { status: 'error', error: { code, message } };
}

export function statusOf(error: IotwardenError): ContentfulStatusCode {
  return STATUS_OF_CODE[error.code] ?? (error.kind === 'usage' ? 400 : 500);
}

/** Answers `error` as JSON; throttled logins also get Retry-After. */
export function errorResponse(c: Context, error: unknown, log: Logger): Response {
  if (error instanceof IotwardenError) {
    const status = statusOf(error);
    if (status >= 500) log.error({ err: error, path: c.req.path }, 'request failed');
    if (error instanceof AccessError && error.retryAfterMs !== undefined && status === 429)
      c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    return c.json(errorBody(error.code, error.message), status);
  }
  log.error({ err: error, path: c.req.path }, 'unexpected error in a request');
  return c.json(errorBody('ERR_INTERNAL', 'Unexpected error; the server log has the details.'), 500);
}
