/** Setup, login, logout, who am I, and API tokens. The public ones are listed in access.ts. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AccessError } from '../../errors/index.ts';
import { apiRoute, jsonBody } from '../openapi.ts';
import { sessionSchema, tokenSchema } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';
import { clearSessionCookie, writeSessionCookie } from '../session-cookie.ts';

const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const loggedIn = z.object({ username: z.string(), csrfToken: z.string() });

/** The peer's address, for login throttling (the socket's, never a header a client could set). */
function sourceAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function registerAuthRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/health',
      summary: 'Liveness probe (no data)',
      tags: ['system'],
      data: z.object({ ok: z.literal(true) }),
      public: true,
    }),
    (c) => c.json({ status: 'ok' as const, data: { ok: true as const } }, 200),
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/setup',
      summary: 'Whether the owner account exists, and whether a setup token is valid',
      tags: ['auth'],
      request: { query: z.object({ token: z.string().max(200).optional() }) },
      data: z.object({ setUp: z.boolean(), tokenValid: z.boolean() }),
      public: true,
    }),
    async (c) => {
      const { auth } = c.var.deps;
      const { token } = c.req.valid('query');
      const setUp = await auth.isSetUp();
      const tokenValid = !setUp && token !== undefined && (await auth.setupTokenValid(token));
      return c.json({ status: 'ok' as const, data: { setUp, tokenValid } }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/setup',
      summary: 'Create the owner account with the one-time setup token (logs in)',
      tags: ['auth'],
      request: jsonBody(credentials.extend({ token: z.string().min(1).max(200) })),
      data: loggedIn,
      status: 201,
      public: true,
    }),
    async (c) => {
      const { token, username, password } = c.req.valid('json');
      const { session, csrf } = await c.var.deps.auth.createOwner(token, username, password);
      writeSessionCookie(c, c.var.deps.secure, session);
      return c.json({ status: 'ok' as const, data: { username, csrfToken: csrf } }, 201);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/login',
      summary: 'Log in (throttled per address)',
      tags: ['auth'],
      request: jsonBody(credentials),
      data: loggedIn,
      public: true,
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const { session, csrf } = await c.var.deps.auth.login(username, password, sourceAddress(c));
      writeSessionCookie(c, c.var.deps.secure, session);
      return c.json({ status: 'ok' as const, data: { username, csrfToken: csrf } }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/logout',
      summary: 'End this session (server-side)',
      tags: ['auth'],
      data: z.object({ loggedOut: z.boolean() }),
    }),
    async (c) => {
      const principal = c.var.principal;
      if (principal) await c.var.deps.auth.logout(principal);
      clearSessionCookie(c, c.var.deps.secure);
      return c.json({ status: 'ok' as const, data: { loggedOut: principal?.kind === 'session' } }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/session',
      summary: 'Who is asking; the CSRF token for changes',
      tags: ['auth'],
      data: sessionSchema,
    }),
    (c) => {
      const p = c.var.principal;
      const data =
        p?.kind === 'session'
          ? { kind: 'session' as const, username: p.username, canWrite: true, csrfToken: p.csrfToken }
          : { kind: 'token' as const, username: null, canWrite: p?.canWrite ?? false, csrfToken: null };
      return c.json({ status: 'ok' as const, data }, 200);
    },
  );

  registerTokenRoutes(app);
}

/** Tokens are managed by the owner's session only: a token cannot mint or revoke tokens. */
function requireSession(c: Context<ServerEnv>): void {
  if (c.var.principal?.kind !== 'session')
    throw new AccessError('ERR_FORBIDDEN', 'API tokens are managed from a logged-in session, not with a token.');
}

function registerTokenRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/tokens',
      summary: 'API tokens (never their secrets)',
      tags: ['auth'],
      data: z.array(tokenSchema),
    }),
    async (c) => {
      requireSession(c);
      return c.json({ status: 'ok' as const, data: await c.var.deps.auth.apiTokens() }, 200);
    },
  );
  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/tokens',
      summary: 'Create an API token; its secret is shown once',
      tags: ['auth'],
      request: jsonBody(z.object({ name: z.string().min(1).max(80), scope: z.enum(['read', 'write']) })),
      data: z.object({
        token: z.string().openapi({ description: 'send as Authorization: Bearer <token>' }),
        record: tokenSchema,
      }),
      status: 201,
    }),
    async (c) => {
      requireSession(c);
      const { name, scope } = c.req.valid('json');
      return c.json({ status: 'ok' as const, data: await c.var.deps.auth.createApiToken(name, scope) }, 201);
    },
  );
  app.openapi(
    apiRoute({
      method: 'delete',
      path: '/api/tokens/{id}',
      summary: 'Revoke an API token',
      tags: ['auth'],
      request: { params: z.object({ id: z.coerce.number().int().min(1) }) },
      data: z.object({ revoked: z.literal(true) }),
    }),
    async (c) => {
      requireSession(c);
      await c.var.deps.auth.revokeApiToken(c.req.valid('param').id);
      return c.json({ status: 'ok' as const, data: { revoked: true as const } }, 200);
    },
  );
}
