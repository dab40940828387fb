/**
 * bench:api — `GET /api/devices` of `iotwarden serve` (the built bundle) over an inventory of 1,000 devices, with
 * autocannon: 20 concurrent connections for 10 s, authenticated with a read-only API token, once for a page of 100
 * rows (the default) and once for all 1,000 rows (what a client-side table loads). The peer is a bare hono server
 * answering the same 1,000-row body, pre-serialised: the floor of the HTTP stack itself.
 * Goal (issue 11): p99 < 50 ms and no errors. BENCH_API_SECONDS changes the duration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildBundle, startServeChild } from './serve-child.ts';
import { recordSyntheticDevices } from './serve-inventory.ts';

const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const CONNECTIONS = 20;
const DEVICES = 1000;

interface Load {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rps: number;
  errors: number;
  non2xx: number;
  kbPerResponse: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return {
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    kbPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total) / 102.4) / 10,
  };
}

/** The peer: bare hono answering a fixed body, in this process (its own event loop is all it does). */
async function bareHono(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const app = new Hono();
  app.get('/api/devices', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-api-'));
  try {
    buildBundle();
    const db = join(dir, 'inventory.db');
    await recordSyntheticDevices(db, DEVICES);
    const serve = await startServeChild(db, dir);
    const created = await fetch(`${serve.url}/api/tokens`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: serve.cookie,
        origin: serve.url,
        'x-csrf-token': serve.csrf,
      },
      body: JSON.stringify({ name: 'bench', scope: 'read' }),
    });
    const token = ((await created.json()) as { data: { token: string } }).data.token;
    const auth = { authorization: `Bearer ${token}` };
    const full = await fetch(`${serve.url}/api/devices?limit=1000`, { headers: auth });
    const body = await full.text();
    const total = (JSON.parse(body) as { data: { total: number } }).data.total;
    const page = await load(`${serve.url}/api/devices`, auth);
    const all = await load(`${serve.url}/api/devices?limit=1000&sort=score`, auth);
    await serve.stop();
    const peer = await bareHono(body);
    const floor = await load(`${peer.url}/api/devices`, {});
    await peer.close();
    const result = {
      bench: 'api',
      devices: total,
      connections: CONNECTIONS,
      seconds: SECONDS,
      iotwarden: { page100: page, all1000: all },
      peer: { what: 'bare hono answering the same 1,000-row body, pre-serialised', all1000: floor },
      goal: 'p99 < 50 ms, no errors',
    };
    console.log(JSON.stringify(result, null, 2));
    const ok = [page, all].every((l) => l.p99Ms < 50 && l.errors === 0 && l.non2xx === 0);
    console.log(
      `bench:api ${ok ? 'met' : 'MISSED'} the goal: p99 ${page.p99Ms} ms (100 rows), ${all.p99Ms} ms (1,000 rows); errors ${page.errors + all.errors}, non-2xx ${page.non2xx + all.non2xx}; bare hono p99 ${floor.p99Ms} ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
