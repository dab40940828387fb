/**
 * Who may do what, in front of every route: the Host must be one of ours (DNS rebinding), then the request must
 * carry a valid session cookie or API token, except for the few public routes (health, login, setup and the files
 * those pages load). State changes from a session need the server's own Origin and the session's CSRF token in
 * `X-CSRF-Token` (OWASP CSRF Prevention: synchronizer token plus origin check); API tokens carry no cookie, so they
 * need neither, but a read-only token cannot change anything.
 */
import type { MiddlewareHandler } from 'hono';
import { constantTimeEqual } from '../app/auth/secrets.ts';
import { AccessError, IotwardenError } from '../errors/index.ts';
import type { ServerEnv } from './server-env.ts';
import { readSessionCookie } from './session-cookie.ts';

/** Routes anyone may call: `METHOD path`, or a path prefix ending in `/`. */
export const PUBLIC_ROUTES: readonly string[] = [
  'GET /api/health',
  'GET /api/setup',
  'POST /api/setup',
  'POST /api/login',
  'GET /login',
  'GET /setup',
  'GET /assets/',
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isPublic(method: string, path: string): boolean {
  const m = method === 'HEAD' ? 'GET' : method;
  return PUBLIC_ROUTES.some((route) => {
    const [routeMethod, routePath = ''] = route.split(' ');
    if (routeMethod !== m) return false;
    return routePath.endsWith('/') ? path.startsWith(routePath) : path === routePath;
  });
}

/** Refuses requests whose Host is not ours: a DNS-rebinding page reaches us with its own name as Host. */
export function hostCheck(): MiddlewareHandler<ServerEnv> {
  const hosts = new WeakMap<ReadonlySet<string>, Set<string>>();
  return async (c, next) => {
    const { allowedOrigins } = c.var.deps;
    let allowed = hosts.get(allowedOrigins);
    if (!allowed) {
      allowed = new Set([...allowedOrigins].map((origin) => new URL(origin).host));
      hosts.set(allowedOrigins, allowed);
    }
    const host = c.req.header('host')?.toLowerCase();
    if (!host || !allowed.has(host)) {
      throw new IotwardenError('ERR_UNKNOWN_HOST', 'This server does not answer for that host name; see --origin.', {
        kind: 'usage',
      });
    }
    await next();
  };
}

export function authenticate(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const { auth, secure, allowedOrigins } = c.var.deps;
    const method = c.req.method;
    const unsafe = !SAFE_METHODS.has(method);
    const origin = c.req.header('origin');
    if (isPublic(method, c.req.path)) {
      // Login and setup from another site's page (login CSRF) are refused; scripts send no Origin.
      if (unsafe && origin !== undefined && !allowedOrigins.has(origin))
        throw csrf('the request came from another site');
      c.set('principal', undefined);
      return next();
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = bearer ? undefined : readSessionCookie(c, secure);
    const principal = bearer ? await auth.tokenFor(bearer) : cookie ? await auth.sessionFor(cookie) : undefined;
    if (!principal) {
      if (!c.req.path.startsWith('/api/') && (method === 'GET' || method === 'HEAD')) {
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 302);
      }
      throw new AccessError('ERR_AUTH_REQUIRED', 'Log in first, or send an API token (Authorization: Bearer …).');
    }
    if (unsafe) {
      if (principal.kind === 'token' && !principal.canWrite)
        throw new AccessError('ERR_FORBIDDEN', `The API token "${principal.name}" is read-only.`);
      if (principal.kind === 'session') {
        if (origin === undefined || !allowedOrigins.has(origin)) throw csrf('the Origin header is missing or foreign');
        const token = c.req.header('x-csrf-token');
        if (!token || !constantTimeEqual(token, principal.csrfToken))
          throw csrf('the X-CSRF-Token header is missing or wrong (GET /api/session gives it)');
      }
    }
    c.set('principal', principal);
    return next();
  };
}

function csrf(why: string): AccessError {
  return new AccessError('ERR_CSRF', `Refused a change: ${why}.`);
}
