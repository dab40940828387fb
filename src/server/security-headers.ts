/**
 * Headers on every answer, errors and redirects included. The CSP allows nothing but this origin's own files: no
 * inline script or style, no plugins, no framing, no <base> (MDN "Content-Security-Policy"; OWASP Secure Headers).
 * There are no CORS headers at all, so no other origin can read an answer.
 */
import type { MiddlewareHandler } from 'hono';
import type { ServerEnv } from './server-env.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export function securityHeaders(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=()');
    if (c.req.path.startsWith('/api/')) headers.set('Cache-Control', 'no-store');
    if (c.var.deps.secure) headers.set('Strict-Transport-Security', 'max-age=31536000');
    for (const name of [...headers.keys()]) if (name.startsWith('access-control-')) headers.delete(name);
  };
}
