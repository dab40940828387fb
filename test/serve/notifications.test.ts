import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Notifier } from '../../src/app/notify/notifier.ts';
import type { NotifyEvent } from '../../src/app/notify/notify-event.ts';
import { configSchema } from '../../src/config/config-schema.ts';
import { openServeStore, type ServeStore } from '../../src/store/serve-store.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { tempDir } from '../support/store.ts';

/**
 * Notifications against a local receiver on loopback: the webhook's HMAC signature and replay timestamp, duplicate
 * suppression by event key, quiet hours (with a fake clock), the severity threshold, retries with backoff, and
 * failures recorded where the API shows them.
 */
const SECRET = 'receiver-shared-secret';
interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let received: Received[] = [];
let failNext = 0;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let store: ServeStore;
let cleanup: () => void;
beforeEach(async () => {
  received = [];
  failNext = 0;
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openServeStore(`${temp.dir}/inventory.db`);
  return async () => {
    await store.close();
    cleanup();
  };
});

function notifier(clock: FakeClock, targets: unknown[]): Notifier {
  const config = configSchema.parse({ notifications: { timeZone: 'UTC', targets } });
  return new Notifier({ store, config: () => config, env: { HOOK_SECRET: SECRET }, clock, log: silentLogger });
}

const webhook = (extra: Record<string, unknown> = {}) => ({
  name: 'hook',
  kind: 'webhook',
  url: `${base}/hook`,
  secretEnv: 'HOOK_SECRET',
  minSeverity: 'low',
  ...extra,
});

function event(
  key: string,
  severity: NotifyEvent['severity'] = 'high',
  timeMs = Date.UTC(2026, 0, 1, 12),
): NotifyEvent {
  return {
    key,
    kind: 'finding-new',
    severity,
    timeMs,
    title: `Garage door ‮ ${key}`,
    body: 'A new problem.',
    deviceId: 'dev_1',
  };
}

/** What a receiver does: recompute the HMAC of the raw body, compare in constant time, reject old timestamps. */
function verify(r: Received, nowMs: number): boolean {
  const signature = String(r.headers['x-iotwarden-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected)))
    return false;
  const sentAt = JSON.parse(r.body).sentAt as number;
  return String(sentAt) === r.headers['x-iotwarden-timestamp'] && Math.abs(nowMs - sentAt) < 5 * 60_000;
}

describe('webhook', () => {
  it('signs the body with HMAC-SHA256 and a timestamp a receiver can check', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
    const n = notifier(clock, [webhook()]);
    await n.record([event('k1')]);
    expect(await n.deliverDue()).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got && verify(got, clock.now())).toBe(true);
    const payload = JSON.parse(got?.body ?? '{}');
    expect(payload.event).toMatchObject({ key: 'k1', kind: 'finding-new', severity: 'high', deviceId: 'dev_1' });
    expect(payload.event.title).toBe('Garage door ‮ k1');
    // A tampered body no longer verifies, nor does a replay ten minutes later.
    expect(verify({ ...(got as Received), body: got?.body.replace('k1', 'k2') ?? '' }, clock.now())).toBe(false);
    expect(verify(got as Received, clock.now() + 10 * 60_000)).toBe(false);
  });

  it('suppresses duplicates: the same event key is delivered once, whoever reports it again', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
    const n = notifier(clock, [webhook()]);
    expect(await n.record([event('dup'), event('dup')])).toBe(1);
    await n.deliverDue();
    expect(await n.record([event('dup')])).toBe(0);
    await n.deliverDue();
    expect(received.map((r) => JSON.parse(r.body).event.key)).toEqual(['dup']);
  });

  it('holds events in quiet hours until they end; critical breaks through when allowed', async () => {
    const start = Date.UTC(2026, 0, 1, 23, 30);
    const clock = new FakeClock(start);
    const n = notifier(clock, [webhook({ quietHours: { start: '22:00', end: '07:00', critical: true } })]);
    await n.record([event('night-high', 'high', start), event('night-critical', 'critical', start)]);
    expect(await n.deliverDue()).toMatchObject({ sent: 1, deferred: 1 });
    expect(received.map((r) => JSON.parse(r.body).event.key)).toEqual(['night-critical']);
    await clock.advance(7 * 3_600_000); // 06:30
    expect(await n.deliverDue()).toMatchObject({ sent: 0 });
    await clock.advance(30 * 60_000); // 07:00
    expect(await n.deliverDue()).toMatchObject({ sent: 1 });
    expect(received.map((r) => JSON.parse(r.body).event.key)).toEqual(['night-critical', 'night-high']);
  });

  it('skips events below the threshold, retries failures with backoff, and records final failures', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
    const closed = await closedPort();
    const n = notifier(clock, [
      webhook({ minSeverity: 'high' }),
      { name: 'gone', kind: 'webhook', url: `http://127.0.0.1:${closed}/`, secretEnv: 'HOOK_SECRET' },
    ]);
    await n.record([event('minor', 'low'), event('flaky', 'critical')]);
    failNext = 2;
    const first = await n.deliverDue();
    expect(first).toMatchObject({ sent: 0, skipped: 2, retrying: 2 });
    await clock.advance(29_000);
    expect((await n.deliverDue()).retrying).toBe(0); // not due yet: the first retry waits 30 s
    await clock.advance(1000);
    expect(await n.deliverDue()).toMatchObject({ retrying: 2 }); // hook answered 503 again; 'gone' refuses
    await clock.advance(60_000);
    expect(await n.deliverDue()).toMatchObject({ sent: 1, retrying: 1 });
    for (let i = 0; i < 8; i++) {
      await clock.advance(3_600_000);
      await n.deliverDue();
    }
    const failed = await store.deliveries({ state: 'failed', limit: 10 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ target: 'gone', attempts: 8, title: 'Garage door ‮ flaky' });
    expect(failed[0]?.lastError).toMatch(/^gone: cannot connect \(ECONNREFUSED\)/);
    const skipped = await store.deliveries({ state: 'skipped', limit: 10 });
    expect(skipped.map((d) => d.lastError)).toEqual(expect.arrayContaining(["below the target's threshold (high)"]));
  });

  it('a missing secret is a recorded failure that names the variable, not a crash', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
    const n = notifier(clock, [webhook({ secretEnv: 'NOT_SET_ANYWHERE' })]);
    await n.record([event('no-secret')]);
    await n.deliverDue();
    const [pending] = await store.deliveries({ state: 'pending', limit: 1 });
    expect(pending?.lastError).toBe('hook: the environment variable NOT_SET_ANYWHERE (the webhook secret) is not set');
    expect(received).toHaveLength(0);
  });
});

describe('ntfy', () => {
  it('posts the message to the topic URL with title, priority and tags headers', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
    const n = notifier(clock, [{ name: 'phone', kind: 'ntfy', url: `${base}/iotwarden-topic`, minSeverity: 'medium' }]);
    await n.record([event('ntfy-1', 'critical'), { ...event('ntfy-2', 'high'), title: 'Küche: new device' }]);
    await n.deliverDue();
    expect(received).toHaveLength(2);
    const [got, second] = received;
    expect(got?.path).toBe('/iotwarden-topic');
    expect(got?.headers.priority).toBe('5');
    expect(got?.headers.tags).toBe('iotwarden,finding-new,critical');
    // The bidi override in the device name is shown as an escape, never sent raw into a header.
    expect(got?.headers.title).toBe('Garage door \\u202e ntfy-1');
    expect(got?.body).toBe('A new problem.');
    // Text beyond ASCII goes as an RFC 2047 encoded word, which ntfy decodes.
    expect(second?.headers.title).toBe(`=?UTF-8?B?${Buffer.from('Küche: new device').toString('base64')}?=`);
    expect(second?.headers.priority).toBe('4');
  });
});

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
