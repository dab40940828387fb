import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { compareTime, parseLogTime } from '../../src/sources/adguard/entry.ts';
import { adguardKind } from '../../src/sources/adguard/simulator/adguard-kind.ts';
import { piholeKind } from '../../src/sources/pihole/simulator/pihole-kind.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { testAddress } from '../support/addresses.ts';

/** The lab sinkholes answer as the real ones do (FTL src/api/*.c, AdGuardHome internal/querylog/http.go). */
const clock = new FakeClock(Date.UTC(2026, 0, 16, 12));

describe('lab Pi-hole v6 API', () => {
  let pihole: StartedSimulator;
  let call: (
    method: string,
    path: string,
    options?: { sid?: string; body?: string },
  ) => Promise<{ status: number; json: () => unknown }>;
  beforeAll(async () => {
    const address = testAddress();
    pihole = await startSimulator(piholeKind, {
      address,
      clock,
      settings: { auth: { enabled: true, password: 'pw' }, maxSessions: 1, traffic: { historyHours: 1 } },
    });
    call = (method, path, options = {}) =>
      requestHttp({
        host: address,
        port: pihole.portOf(80),
        path,
        method,
        timeoutMs: 2000,
        maxBytes: 4 * 1024 * 1024,
        headers: options.sid ? { 'x-ftl-sid': options.sid } : {},
        ...(options.body === undefined ? {} : { body: options.body }),
      });
  });
  afterAll(() => pihole.stop());

  it('logs in, holds a seat until logout, and refuses a wrong password with 401', async () => {
    const wrong = await call('POST', '/api/auth', { body: '{"password":"nope"}' });
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ session: { valid: false, sid: null, message: 'password incorrect' } });
    expect((await call('GET', '/api/queries')).status).toBe(401);
    const login = await call('POST', '/api/auth', { body: '{"password":"pw"}' });
    const sid = (login.json() as { session: { sid: string; validity: number } }).session.sid;
    expect(login.status).toBe(200);
    // One seat only: a second login waits for the first session to end.
    expect((await call('POST', '/api/auth', { body: '{"password":"pw"}' })).status).toBe(429);
    const page = (await call('GET', '/api/queries?length=5', { sid })).json() as {
      queries: Array<{ id: number; time: number; client: { ip: string } }>;
      cursor: number;
      recordsTotal: number;
    };
    expect(page.queries).toHaveLength(5);
    expect(page.queries.map((q) => q.id)).toEqual([...page.queries.map((q) => q.id)].sort((a, b) => b - a));
    expect(page.cursor).toBe(page.queries[0]?.id);
    const tooFar = await call('GET', `/api/queries?cursor=${page.cursor + 1}`, { sid });
    expect(tooFar.status).toBe(400);
    // New traffic appears as the lab clock moves; a fixed cursor keeps the pages still.
    await clock.advance(60_000);
    const pinned = (await call('GET', `/api/queries?length=5&cursor=${page.cursor}`, { sid })).json() as typeof page;
    expect(pinned.queries.map((q) => q.id)).toEqual(page.queries.map((q) => q.id));
    const fresh = (await call('GET', '/api/queries?length=1', { sid })).json() as typeof page;
    expect(fresh.cursor).toBeGreaterThan(page.cursor);
    expect((await call('DELETE', '/api/auth', { sid })).status).toBe(204);
    expect((await call('GET', '/api/queries', { sid })).status).toBe(401);
    expect((await call('POST', '/api/auth', { body: '{"password":"pw"}' })).status).toBe(200);
  });
});

describe('lab AdGuard Home API', () => {
  let adguard: StartedSimulator;
  let address: string;
  beforeAll(async () => {
    address = testAddress();
    adguard = await startSimulator(adguardKind, {
      address,
      clock,
      settings: { auth: { password: 'pw' }, traffic: { historyHours: 1 } },
    });
  });
  afterAll(() => adguard.stop());

  const get = (path: string, auth?: string) =>
    requestHttp({
      host: address,
      port: adguard.portOf(80),
      path,
      timeoutMs: 2000,
      maxBytes: 4 * 1024 * 1024,
      headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {},
    });

  it('answers /control/querylog behind basic auth, newest first, paging with older_than', async () => {
    expect((await get('/control/querylog')).status).toBe(401);
    expect((await get('/control/querylog', 'admin:wrong')).status).toBe(401);
    const first = (await get('/control/querylog?limit=3', 'admin:pw')).json() as {
      data: Array<{ time: string }>;
      oldest: string;
    };
    expect(first.data).toHaveLength(3);
    expect(first.oldest).toBe(first.data[2]?.time);
    expect(first.oldest).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    const next = (
      await get(`/control/querylog?limit=3&older_than=${encodeURIComponent(first.oldest)}`, 'admin:pw')
    ).json() as typeof first;
    const oldest = parseLogTime(first.oldest)!;
    expect(next.data.length).toBe(3);
    expect(next.data.every((d) => compareTime(parseLogTime(d.time)!, oldest) < 0)).toBe(true);
    const empty = (await get('/control/querylog?older_than=2000-01-01T00:00:00Z', 'admin:pw')).json() as typeof first;
    expect(empty).toEqual({ data: [], oldest: '' });
  });
});
