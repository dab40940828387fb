/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's request carries it), Path=/,
 * and under TLS Secure with the `__Host-` prefix, which browsers accept only from a secure origin without Domain
 * (RFC 6265bis section 4.1.3.2), so a neighbour on the LAN cannot plant one over plain HTTP.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DEFAULT_AUTH_TIMINGS } from '../app/auth/auth-service.ts';

const cookieName = (secure: boolean): string => (secure ? '__Host-iw_session' : 'iw_session');

export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, cookieName(secure));
}

export function writeSessionCookie(c: Context, secure: boolean, value: string): void {
  setCookie(c, cookieName(secure), value, {
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    path: '/',
    maxAge: Math.floor(DEFAULT_AUTH_TIMINGS.sessionMaxMs / 1000),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, cookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Strict' });
}
