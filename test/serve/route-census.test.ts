import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublic, PUBLIC_ROUTES } from '../../src/server/access.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/server/security-headers.ts';
import { ApiClient, ownedServe, type TestServe } from '../support/serve.ts';

/**
 * The route census: every route the router knows (hono's own list, so a route added later is in it) denies an
 * anonymous caller — 401 for the API, a redirect to the login page for pages — except the few public ones; a
 * read-only token cannot change anything; every answer carries the security headers and no CORS header; and the
 * OpenAPI document lists every API route.
 */
let t: TestServe;
let owner: ApiClient;
let readToken: string;

beforeAll(async () => {
  ({ t, owner } = await ownedServe());
  readToken = (await owner.post('/api/tokens', { name: 'census', scope: 'read' })).body.data.token;
});
afterAll(() => t.stop());

/** A concrete path for a route pattern: parameters and wildcards become harmless values. */
const concrete = (path: string) => path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, 'x').replace(/\*/g, 'x');

function expectSecurityHeaders(headers: Headers, what: string): void {
  expect(headers.get('content-security-policy'), what).toBe(CONTENT_SECURITY_POLICY);
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  for (const name of headers.keys()) expect(name.startsWith('access-control-'), `${what}: ${name}`).toBe(false);
}

describe('route census', () => {
  it('knows a realistic number of routes, and the public ones are exactly the intended few', () => {
    expect(t.serve.routes.length).toBeGreaterThan(25);
    const publicRoutes = t.serve.routes.filter((r) => isPublic(r.method, concrete(r.path)));
    expect(publicRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/health',
      'GET /api/setup',
      'GET /assets/*',
      'GET /login',
      'GET /setup',
      'POST /api/login',
      'POST /api/setup',
    ]);
    expect(PUBLIC_ROUTES).toHaveLength(7);
  });

  it('every other route denies an anonymous caller: 401 for the API, the login page for pages', async () => {
    const anonymous = new ApiClient(t.url);
    const checked: string[] = [];
    for (const route of t.serve.routes) {
      const path = concrete(route.path);
      if (isPublic(route.method, path)) continue;
      const answer = await anonymous.request(route.method, path, route.method === 'GET' ? undefined : {});
      const what = `${route.method} ${route.path}`;
      expectSecurityHeaders(answer.headers, what);
      if (path.startsWith('/api/') || route.method !== 'GET') {
        expect(answer.status, what).toBe(401);
        expect(answer.body?.error?.code, what).toBe('ERR_AUTH_REQUIRED');
      } else {
        expect(answer.status, what).toBe(302);
        expect(answer.headers.get('location'), what).toBe(`/login?next=${encodeURIComponent(path)}`);
      }
      checked.push(what);
    }
    expect(checked).toContain('GET /api/events');
    expect(checked).toContain('GET /api/openapi.json');
    expect(checked).toContain('GET /*');
  });

  it('a read-only token is refused every change (403), before any use case runs', async () => {
    const reader = new ApiClient(t.url, { bearer: readToken, origin: null });
    const changes = t.serve.routes.filter((r) => r.method !== 'GET' && !isPublic(r.method, concrete(r.path)));
    expect(changes.length).toBeGreaterThan(5);
    for (const route of changes) {
      const answer = await reader.request(route.method, concrete(route.path), {});
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
      expect(answer.body.error.code).toBe('ERR_FORBIDDEN');
    }
    const reads = await reader.get('/api/summary');
    expect(reads.status).toBe(200);
  });

  it('public routes and errors carry the security headers too', async () => {
    const anonymous = new ApiClient(t.url);
    for (const path of ['/api/health', '/login', '/setup', '/assets/auth.js', '/api/nothing-here']) {
      expectSecurityHeaders((await anonymous.get(path)).headers, path);
    }
    const page = await anonymous.get('/login');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|style=/i);
    expect(page.text).not.toMatch(/https?:\/\//);
  });
});

describe('OpenAPI', () => {
  it('is served at /api/openapi.json and lists every API route with its methods', async () => {
    const answer = await owner.get('/api/openapi.json');
    expect(answer.status).toBe(200);
    const doc = answer.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['session', 'token']);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const apiRoutes = t.serve.routes.filter((r) => r.path.startsWith('/api/') && r.path !== '/api/openapi.json');
    const missing = apiRoutes
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
    // Every operation says what its success looks like and what its errors look like.
    for (const [path, methods] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    expect(doc.paths['/api/health'].get.security).toEqual([]);
  });
});
