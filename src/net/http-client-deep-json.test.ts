import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { TOO_DEEP } from '../util/bounded-json.ts';
import { requestHttp } from './http-client.ts';

/**
 * Issue 8, found by the hostile end-to-end test: a device answering 100,000 nested arrays stalled the scanner's
 * event loop for about half a second per answer inside `JSON.parse`, long enough for loopback connects to honest
 * devices (300 ms) to time out, so they lost their identity and findings. `json()` must stay fast and cut the depth.
 */
const LEVELS = 100_000;
const address = testAddress();
let server: Server;
let port = 0;

beforeAll(async () => {
  const body = `{"login":{"enabled":false},"deep":${'['.repeat(LEVELS)}1${']'.repeat(LEVELS)}}`;
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('HttpResponse.json() on JSON nested 100,000 deep', () => {
  it('parses in well under the loopback connect timeout, with the deep part cut', async () => {
    const response = await requestHttp({ host: address, port, path: '/settings', timeoutMs: 2000, maxBytes: 1 << 20 });
    const started = performance.now();
    const value = response.json() as { login: unknown; deep: unknown };
    const jsonMs = performance.now() - started;
    // Against plain JSON.parse of the same text on the same (loaded) machine: a ratio, not a wall-clock figure.
    const plainStarted = performance.now();
    JSON.parse(response.text());
    const plainMs = performance.now() - plainStarted;
    expect(jsonMs).toBeLessThan(plainMs / 2);
    expect(value.login).toEqual({ enabled: false });
    expect(JSON.stringify(value.deep)).toContain(TOO_DEEP);
  });
});
