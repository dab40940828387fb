import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdguardApiSource } from '../../src/sources/adguard/api-source.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { PiholeApiSource } from '../../src/sources/pihole/api-source.ts';
import { DNS_SOURCE_ERROR_CODES } from '../../src/sources/source-errors.ts';
import { testAddress } from '../support/addresses.ts';
import { openTestStore, scratchDir, type TestDnsStore } from '../support/dns-sources.ts';

const T0_S = Date.UTC(2026, 0, 12, 9) / 1000;

let dir: string;
let cleanup: () => void;
let store: TestDnsStore;
let server: Server | undefined;
beforeEach(async () => {
  ({ dir, cleanup } = scratchDir());
  store = await openTestStore(dir);
});
afterEach(async () => {
  await store.close();
  cleanup();
  if (server) {
    server.close();
    await once(server, 'close');
    server = undefined;
  }
});

/** A hostile sinkhole API on a loopback test address; counts the requests it answered. */
async function hostileApi(answer: (url: URL) => unknown): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    const body = JSON.stringify(answer(new URL(req.url ?? '/', 'http://x')));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  const address = testAddress();
  server.listen(0, address);
  await once(server, 'listening');
  return { url: `http://${address}:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

function piholeQuery(id: number, time: number) {
  return { id, time, type: 'A', domain: `q${id}.example`, status: 'FORWARDED', client: { ip: '127.77.1.10' } };
}

/** `/api/auth` says no password is needed; `/api/queries` answers through `queries`. */
function pihole(queries: (params: URLSearchParams) => unknown) {
  return (url: URL) =>
    url.pathname === '/api/auth' ? { session: { valid: true, sid: null } } : queries(url.searchParams);
}

describe('DNS source APIs are bounded against a hostile server', () => {
  it('Pi-hole: a window that never ends is read in halves, then refused, without filling memory', async () => {
    // Every page is full, whatever `start` says: an honest API would run out of rows.
    const api = await hostileApi(
      pihole((params) => {
        const length = Number(params.get('length'));
        const queries = Array.from({ length }, (_, i) => piholeQuery(100 - i, T0_S));
        return { queries, cursor: 100, earliest_timestamp: T0_S };
      }),
    );
    const source = new PiholeApiSource(api.url, { password: undefined, pageLength: 10, maxWindowRows: 50 });
    await expect(importDns(store, source, { timeoutMs: 2000 })).rejects.toMatchObject({
      code: DNS_SOURCE_ERROR_CODES.unreachable,
      message: expect.stringContaining('more than 50 queries for the 60 s'),
    });
    // The login check and the newest query, then windows of 3600 s down to 60 s (seven), six pages each.
    expect(api.requests()).toBe(2 + 7 * 6);
    expect(store.read.totals().queries).toBe(0);
  });

  it('Pi-hole: a newest query centuries ahead stops at the request budget, keeping what was read', async () => {
    const api = await hostileApi(
      pihole((params) => {
        if (params.get('length') === '1') {
          return { queries: [piholeQuery(2, 253_402_300_799)], cursor: 2, earliest_timestamp: T0_S };
        }
        const from = Number(params.get('from'));
        return { queries: from === T0_S ? [piholeQuery(1, T0_S)] : [], cursor: 2 };
      }),
    );
    const source = () => new PiholeApiSource(api.url, { password: undefined, maxRequests: 200 });
    const result = await importDns(store, source(), { timeoutMs: 2000 });
    expect(result.imported).toBe(1);
    expect(result.limitations).toEqual(['stopped after 200 API requests; import again to continue']);
    // + the login check, + the network table afterwards (its own session: the login and one GET).
    expect(api.requests()).toBeLessThanOrEqual(200 + 1 + 2);
    // The next import continues from the committed cursor and counts nothing twice.
    expect((await importDns(store, source(), { timeoutMs: 2000 })).imported).toBe(0);
  });

  it('AdGuard Home: pages of nothing usable, each pointing further back, stop at the page limit', async () => {
    let oldest = Date.UTC(2026, 0, 12, 9);
    const api = await hostileApi(() => {
      oldest -= 1000;
      return { data: [{ not: 'an entry' }], oldest: new Date(oldest).toISOString() };
    });
    const source = new AdguardApiSource(api.url, { username: 'admin', password: 'x', maxPages: 25 });
    const result = await importDns(store, source, { timeoutMs: 2000 });
    expect(result.imported).toBe(0);
    expect(result.limitations).toEqual(['stopped paging back after 25 pages; older history was left out']);
    expect(api.requests()).toBe(25 + 1); // + the clients list (/control/clients), for the inventory
  });
});
