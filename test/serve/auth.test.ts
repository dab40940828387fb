import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/app/auth/secrets.ts';
import { openServeStore } from '../../src/store/serve-store.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { ApiClient, OWNER, ownedServe, startTestServe, type TestServe } from '../support/serve.ts';

/**
 * Authentication over a real socket with the inventory on disk: the one-time setup link, logins with per-address
 * backoff, session expiry and logout, CSRF (Origin and token), and API tokens with their scopes.
 */
let running: TestServe | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('setup', () => {
  it('prints a one-time link; only its holder creates the owner, once; the token is stored hashed', async () => {
    running = await startTestServe();
    const { url, setupToken } = running;
    expect(setupToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(running.lines.join('\n')).toContain(`${url}/setup?token=${setupToken}`);

    const stranger = new ApiClient(url);
    expect((await stranger.get(`/api/setup?token=${setupToken}`)).body.data).toEqual({
      setUp: false,
      tokenValid: true,
    });
    const wrong = await stranger.setup('not-the-token');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('ERR_SETUP_TOKEN');

    const owner = new ApiClient(url);
    const created = await owner.setup(setupToken ?? '');
    expect(created.status).toBe(201);
    expect(created.headers.get('set-cookie')).toMatch(
      /^iw_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect((await owner.get('/api/session')).body.data).toMatchObject({ kind: 'session', username: 'owner' });

    const again = await new ApiClient(url).setup(setupToken ?? '', 'second', 'another long password');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ERR_SETUP_DONE');

    const { createHash } = await import('node:crypto');
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(running.db, { readonly: true });
    const rows = raw.prepare('SELECT token_sha256, used_ms FROM setup_tokens').all() as Array<{
      token_sha256: string;
      used_ms: number;
    }>;
    const hashes = raw.prepare('SELECT password_hash FROM users').all() as Array<{ password_hash: string }>;
    raw.close();
    expect(rows).toEqual([
      {
        token_sha256: createHash('sha256')
          .update(setupToken ?? '')
          .digest('hex'),
        used_ms: expect.any(Number),
      },
    ]);
    expect(hashes[0]?.password_hash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(JSON.stringify(hashes)).not.toContain(OWNER.password);
  });

  it('a setup link expires', async () => {
    const clock = new FakeClock(Date.now());
    running = await startTestServe({ clock, authTimings: { setupTokenMs: 60_000 } });
    await clock.advance(61_000);
    const late = await new ApiClient(running.url).setup(running.setupToken ?? '');
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('ERR_SETUP_TOKEN');
  });
});

describe('login', () => {
  it('a wrong password is refused alike for unknown users, then the address must wait, with a growing backoff', async () => {
    const clock = new FakeClock(Date.now());
    const { t, owner } = await ownedServe({ clock });
    running = t;
    const visitor = new ApiClient(t.url);
    const wrong = await visitor.login('owner', 'wrong password here');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: 'ERR_AUTH_FAILED', message: 'Wrong username or password.' });

    const throttled = await visitor.login('nobody', 'wrong password here');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    // Even the right password waits its turn: the throttle is checked before the password.
    expect((await visitor.login()).status).toBe(429);

    await clock.advance(1000);
    const unknownUser = await visitor.login('nobody', 'wrong password here');
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body.error).toEqual(wrong.body.error);
    const second = await visitor.login();
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');

    await clock.advance(2000);
    expect((await visitor.login()).status).toBe(200);
    expect((await visitor.get('/api/devices')).status).toBe(200);
    expect((await owner.get('/api/devices')).status).toBe(200);
  });

  it('sessions end when idle, at their absolute limit, and on logout (server-side)', async () => {
    const clock = new FakeClock(Date.now());
    const { t, owner } = await ownedServe({
      clock,
      authTimings: { sessionIdleMs: 10 * 60_000, sessionMaxMs: 60 * 60_000 },
    });
    running = t;
    await clock.advance(9 * 60_000);
    expect((await owner.get('/api/devices')).status).toBe(200);
    await clock.advance(10 * 60_000 + 1);
    expect((await owner.get('/api/devices')).status).toBe(401);

    const active = new ApiClient(t.url);
    await active.login();
    for (let minute = 0; minute < 60; minute += 8) {
      expect((await active.get('/api/session')).status).toBe(200);
      await clock.advance(8 * 60_000);
    }
    expect((await active.get('/api/session')).status).toBe(401);

    const leaving = new ApiClient(t.url);
    await leaving.login();
    const stolenCookie = leaving.cookie;
    const out = await leaving.post('/api/logout');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/iw_session=;.*Max-Age=0/);
    const replay = new ApiClient(t.url);
    replay.cookie = stolenCookie;
    expect((await replay.get('/api/devices')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('a change needs the server’s own Origin and the session’s token', async () => {
    const { t, owner } = await ownedServe();
    running = t;
    const body = { name: 'script', scope: 'read' };
    const foreign = await owner.post('/api/tokens', body, { origin: 'http://evil.example:8642' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('ERR_CSRF');
    const noOrigin = new ApiClient(t.url, { origin: null });
    Object.assign(noOrigin, { cookie: owner.cookie, csrf: owner.csrf });
    expect((await noOrigin.post('/api/tokens', body)).status).toBe(403);
    const noToken = await owner.post('/api/tokens', body, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('ERR_CSRF');
    const otherToken = await owner.post('/api/tokens', body, { 'x-csrf-token': 'A'.repeat(43) });
    expect(otherToken.status).toBe(403);
    expect((await owner.post('/api/tokens', body)).status).toBe(201);
    // Login from another site's page is refused too (login CSRF).
    const crossLogin = await new ApiClient(t.url, { origin: 'http://evil.example' }).login();
    expect(crossLogin.status).toBe(403);
  });

  it('refuses a Host that is not ours (DNS rebinding)', async () => {
    const { t, owner } = await ownedServe();
    running = t;
    // fetch sets Host itself, so this request is written by hand.
    const rebound = await rawGet(t.url, '/api/devices', { host: 'evil.example:8642', cookie: owner.cookie ?? '' });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body).error.code).toBe('ERR_UNKNOWN_HOST');
    const ours = await rawGet(t.url, '/api/devices', { host: new URL(t.url).host, cookie: owner.cookie ?? '' });
    expect(ours.status).toBe(200);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, scoped, revocable, and record their last use', async () => {
    const { t, owner } = await ownedServe();
    running = t;
    const read = (await owner.post('/api/tokens', { name: 'home assistant', scope: 'read' })).body.data;
    const write = (await owner.post('/api/tokens', { name: 'backup script', scope: 'write' })).body.data;
    expect(read.token).toMatch(/^iwt_[A-Za-z0-9_-]{43}$/);

    const reader = new ApiClient(t.url, { bearer: read.token, origin: null });
    expect((await reader.get('/api/devices')).status).toBe(200);
    const refused = await reader.post('/api/scan');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ERR_FORBIDDEN');

    const writer = new ApiClient(t.url, { bearer: write.token, origin: null });
    const hold = await writer.post('/api/firmware/holds', { target: 'nothing-here', reason: 'x', until: '2030-01-01' });
    expect(hold.status).toBe(404); // past access control (no CSRF needed), refused by the use case: no such device
    expect(hold.body.error.code).toBe('ERR_NO_DEVICE');
    // A token cannot manage tokens.
    expect((await writer.post('/api/tokens', { name: 'more', scope: 'write' })).status).toBe(403);

    const listed = (await owner.get('/api/tokens')).body.data;
    expect(listed.map((x: { name: string }) => x.name)).toEqual(['home assistant', 'backup script']);
    expect(JSON.stringify(listed)).not.toContain(read.token);
    expect(listed[0].lastUsedMs).toEqual(expect.any(Number));

    expect((await owner.delete(`/api/tokens/${read.record.id}`)).status).toBe(200);
    expect((await reader.get('/api/devices')).status).toBe(401);
    const store = await openServeStore(t.db);
    const tokens = await store.apiTokens();
    await store.close();
    expect(tokens[0]?.revokedMs).toEqual(expect.any(Number));
  });

  it('a token or session ended by another process is refused at the next request (nothing stale is kept)', async () => {
    const { t, owner } = await ownedServe();
    running = t;
    const read = (await owner.post('/api/tokens', { name: 'home assistant', scope: 'read' })).body.data;
    const reader = new ApiClient(t.url, { bearer: read.token, origin: null });
    expect((await reader.get('/api/devices')).status).toBe(200);
    expect((await owner.get('/api/session')).status).toBe(200);
    // Another connection to the file, as a second process would have: serve's own writes are not involved.
    const other = await openServeStore(t.db);
    await other.revokeApiToken(read.record.id, Date.now());
    expect((await reader.get('/api/devices')).status).toBe(401);
    const cookie = decodeURIComponent((owner.cookie ?? '').split('=')[1] ?? '');
    await other.revokeSession(sha256Hex(cookie), Date.now());
    await other.close();
    expect((await owner.get('/api/session')).status).toBe(401);
  });
});

function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
