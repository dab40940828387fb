import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/server/security-headers.ts';
import { ApiClient, ownedServe, startTestServe, type TestServe } from '../support/serve.ts';

/**
 * The files the dashboard build will put in place: served only from inside its folder, with the same headers, and
 * only to a logged-in owner (the login page and its assets excepted). Also: a second serve on a port in use fails
 * with a clear error.
 */
let t: TestServe;
let owner: ApiClient;
const secret = mkdtempSync(join(tmpdir(), 'iotwarden-outside-'));
writeFileSync(join(secret, 'secret.txt'), 'outside the dashboard folder');

beforeAll(async () => {
  const dashboard = mkdtempSync(join(tmpdir(), 'iotwarden-dashboard-'));
  mkdirSync(join(dashboard, 'assets'));
  writeFileSync(
    join(dashboard, 'index.html'),
    '<!doctype html><title>dashboard</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(dashboard, 'assets', 'app.js'), 'export {};');
  ({ t, owner } = await ownedServe({ staticDir: dashboard }));
});
afterAll(() => t.stop());

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(
  path: string,
  cookie: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { cookie } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard files', () => {
  it('serves the build to the owner, with index.html for client-side routes, and the security headers', async () => {
    const home = await owner.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<title>dashboard</title>');
    expect(home.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await owner.get('/devices/dev_123')).text).toContain('<title>dashboard</title>');
    const script = await new ApiClient(t.url).get('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('never serves a file outside its folder', async () => {
    const cookie = owner.cookie ?? '';
    for (const path of [
      '/../../../../etc/passwd',
      `/..%2f..%2f..%2f..${secret}/secret.txt`,
      '/%E0%A4%A',
      '/assets/../../secret.txt',
    ]) {
      const answer = await rawGet(path, cookie);
      expect(answer.body, path).not.toContain('root:');
      expect(answer.body, path).not.toContain('outside the dashboard folder');
      expect([200, 404], path).toContain(answer.status);
    }
  });

  it('without a build, the home page says the dashboard is not built, behind the login', async () => {
    // An empty folder, not "none": with none, serve looks for dist/dashboard, which a build may have made.
    const bare = await startTestServe({ staticDir: mkdtempSync(join(tmpdir(), 'iotwarden-no-build-')) });
    try {
      const anonymous = new ApiClient(bare.url);
      expect((await anonymous.get('/')).status).toBe(302);
      const owner2 = new ApiClient(bare.url);
      await owner2.setup(bare.setupToken ?? '');
      const page = await owner2.get('/');
      expect(page.text).toContain('The dashboard is not built yet');
      expect(page.text).toContain('/api/openapi.json');
    } finally {
      await bare.stop();
    }
  });

  it('a second serve on a port in use fails with ERR_LISTEN and says why', async () => {
    const port = Number(new URL(t.url).port);
    await expect(startTestServe({ port })).rejects.toMatchObject({
      code: 'ERR_LISTEN',
      message: `cannot listen on 127.0.0.1:${port}: the port is in use (is iotwarden serve already running?)`,
    });
  });
});
