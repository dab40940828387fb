/**
 * How routes are declared: each with zod schemas for its input and its `{status:'ok', data}` answer, so input is
 * validated before a handler runs and /api/openapi.json is generated from the same schemas.
 */
import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';

export const errorSchema = z
  .object({
    status: z.literal('error'),
    error: z.object({
      code: z.string().openapi({ example: 'ERR_NO_DEVICE', description: 'stable; match on it, not on the message' }),
      message: z.string(),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: errorSchema } };

const ERROR_RESPONSES = {
  400: { description: 'Invalid input', content: errorContent },
  401: { description: 'Not logged in, or a wrong password', content: errorContent },
  403: {
    description: 'Not allowed: a read-only token, or a missing CSRF token or foreign Origin',
    content: errorContent,
  },
  404: { description: 'No such device, token or job', content: errorContent },
  429: { description: 'Too many failed logins from this address (see Retry-After)', content: errorContent },
  500: { description: 'Unexpected failure', content: errorContent },
} as const;

export function okSchema<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal('ok'), data });
}

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';
type Request = NonNullable<RouteConfig['request']>;

/** A JSON route: `data` is the schema of the answer's `data`; `status` the success status (200 by default). */
export function apiRoute<
  P extends string,
  M extends Method,
  D extends z.ZodType,
  S extends 200 | 201 | 202 = 200,
  R extends Request = Record<never, never>,
>(def: { method: M; path: P; summary: string; tags: string[]; request?: R; data: D; status?: S; public?: boolean }) {
  const status = (def.status ?? 200) as S;
  return createRoute({
    method: def.method,
    path: def.path,
    summary: def.summary,
    tags: def.tags,
    request: def.request as R,
    ...(def.public ? { security: [] } : {}),
    responses: {
      [status]: { description: 'OK', content: { 'application/json': { schema: okSchema(def.data) } } },
      ...ERROR_RESPONSES,
    } as {
      [K in S]: { description: string; content: { 'application/json': { schema: ReturnType<typeof okSchema<D>> } } };
    } & typeof ERROR_RESPONSES,
  });
}

/** A JSON body of at most a few KiB: every body the API takes is a small form. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}
