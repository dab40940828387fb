/**
 * The dashboard's files, from the folder its build fills (`dist/dashboard`, or --static-dir). Until it exists, the
 * placeholder pages answer. Only files inside the folder are served (no `..`, no symlinks out of it); paths that
 * are not files get index.html, so the dashboard can route in the browser.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AUTH_JS, LOGIN_PAGE, PLACEHOLDER_CSS, PLACEHOLDER_HOME, SETUP_PAGE } from './pages/placeholder-pages.ts';
import type { ServerEnv } from './server-env.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where a dashboard build would be: beside the sources (`dist/dashboard`) or beside the bundled CLI. */
export function defaultStaticDir(): string | undefined {
  const candidates = [new URL('../../dist/dashboard', import.meta.url), new URL('./dashboard', import.meta.url)];
  return candidates.map((url) => fileURLToPath(url)).find((dir) => existsSync(join(dir, 'index.html')));
}

async function fileIn(dir: string | undefined, path: string): Promise<{ body: Buffer; type: string } | undefined> {
  if (!dir) return undefined;
  const root = realpathSync(dir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined; // a malformed %-escape names no file
  }
  const wanted = resolve(root, `.${decoded}`);
  if (wanted !== root && !wanted.startsWith(root + sep)) return undefined;
  try {
    const real = realpathSync(wanted);
    if (!real.startsWith(root + sep) || !statSync(real).isFile()) return undefined;
    return { body: await readFile(real), type: TYPES[extname(real)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

/**
 * API requests a dashboard page is known to make first: every page asks who is logged in (web/main.tsx), and the
 * device table at /devices asks at once for every device, 1,000 sorted by name (DEVICES_FIRST_REQUEST in
 * web/devices-model.ts; test/web/devices-model.test.ts keeps them equal). Preload hints on the page let the
 * browser ask for them beside app.js, not after app.js has loaded and run (`as=fetch` with `crossorigin` is what a
 * same-origin fetch() matches: HTML, "Link type preload"). Only logged-in visitors reach these pages.
 */
export const SESSION_REQUEST = '/api/session';
export const PAGE_PRELOADS: Readonly<Record<string, readonly string[]>> = {
  '/devices': ['/api/devices?offset=0&limit=1000&sort=name'],
};

function preloadHeader(path: string): string {
  return [SESSION_REQUEST, ...(PAGE_PRELOADS[path] ?? [])]
    .map((url) => `<${url}>; rel=preload; as=fetch; crossorigin=anonymous`)
    .join(', ');
}

const send = (c: Context, body: string | Buffer, type: string) =>
  c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, { 'content-type': type });

export function registerStaticRoutes(app: OpenAPIHono<ServerEnv>): void {
  const page = (name: string, fallback: string) => async (c: Context<ServerEnv>) => {
    const file =
      (await fileIn(c.var.deps.staticDir, `/${name}.html`)) ?? (await fileIn(c.var.deps.staticDir, '/index.html'));
    return file ? send(c, file.body, file.type) : send(c, fallback, TYPES['.html']!);
  };
  app.get('/login', page('login', LOGIN_PAGE));
  app.get('/setup', page('setup', SETUP_PAGE));
  app.get('/assets/*', async (c) => {
    const file = await fileIn(c.var.deps.staticDir, c.req.path);
    if (file) return send(c, file.body, file.type);
    if (c.req.path === '/assets/auth.js') return send(c, AUTH_JS, TYPES['.js']!);
    if (c.req.path === '/assets/placeholder.css') return send(c, PLACEHOLDER_CSS, TYPES['.css']!);
    return c.json({ status: 'error', error: { code: 'ERR_NOT_FOUND', message: 'no such file' } }, 404);
  });
  app.get('/*', async (c) => {
    if (c.req.path.startsWith('/api/'))
      return c.json({ status: 'error', error: { code: 'ERR_NOT_FOUND', message: 'no such API route' } }, 404);
    const dir = c.var.deps.staticDir;
    const file = (await fileIn(dir, c.req.path)) ?? (await fileIn(dir, '/index.html'));
    if (!file) return send(c, PLACEHOLDER_HOME, TYPES['.html']!);
    if (file.type === TYPES['.html']) c.header('link', preloadHeader(c.req.path));
    return send(c, file.body, file.type);
  });
}
