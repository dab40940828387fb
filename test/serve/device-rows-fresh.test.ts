/**
 * `GET /api/devices` answers from a cache of ready JSON (bench:api), rebuilt only when the database changed. These
 * prove the cache never hides a change: a scan or a source import written by another process (as the CLI does,
 * on its own connection) and a change through serve itself each show on the very next request, and a client
 * holding the old entity tag gets the new rows, not a 304.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceSighting } from '../../src/sources/sighting.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { ApiClient, TestServe } from '../support/serve.ts';
import { ownedServe } from '../support/serve.ts';
import { scan } from '../support/store.ts';

let t: TestServe;
let owner: ApiClient;
/** A second connection to the same file: another process, as far as serve can tell. */
let cli: Store;

const MAC = 'AA:BB:CC:00:00:10';
const ADDRESS = '127.77.200.10';

beforeEach(async () => {
  ({ t, owner } = await ownedServe());
  cli = await openStore(t.db);
  await cli.recordScan(
    scan([{ address: ADDRESS, mac: MAC, deviceId: 'shelly-1', name: 'porch-light', firmware: '1.0.0' }]),
  );
});

afterEach(async () => {
  await cli.close();
  await t.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
const rows = async (headers: Record<string, string> = {}): Promise<{ status: number; etag: string; rows: any[] }> => {
  const answer = await owner.get('/api/devices?limit=1000', headers);
  return { status: answer.status, etag: answer.headers.get('etag') ?? '', rows: answer.body?.data?.rows ?? [] };
};

const homeAssistant = (area: string): SourceSighting => ({
  source: 'home-assistant',
  location: 'http://127.77.200.2:8123',
  key: 'ha-device-1',
  mac: MAC,
  address: ADDRESS,
  name: 'Porch light',
  seenMs: Date.UTC(2026, 0, 1),
  facts: { area },
});

describe('the cached device list', () => {
  it('shows a scan recorded by another process on the next request, and a stale tag gets the new rows', async () => {
    const before = await rows();
    expect(before.rows.map((r) => r.firmware.installed)).toEqual(['1.0.0']);
    expect((await rows({ 'if-none-match': before.etag })).status).toBe(304);
    await cli.recordScan(
      scan([{ address: ADDRESS, mac: MAC, deviceId: 'shelly-1', name: 'porch-light', firmware: '1.1.0' }]),
    );
    const after = await rows({ 'if-none-match': before.etag });
    expect(after.status).toBe(200);
    expect(after.rows.map((r) => r.firmware.installed)).toEqual(['1.1.0']);
    expect(after.etag).not.toBe(before.etag);
  });

  it('shows a room imported by another process with the same sighting time, which moves no scan or device time', async () => {
    await cli.recordSightings([homeAssistant('Hallway')]);
    expect((await rows()).rows.map((r) => r.area)).toEqual(['Hallway']);
    await cli.recordSightings([homeAssistant('Garden')]);
    expect((await rows()).rows.map((r) => r.area)).toEqual(['Garden']);
  });

  it("moves its key with a write on serve's own connection, and keeps it while nothing is written", async () => {
    const store = t.serve.alwaysOn.store; // the same connection as the routes' Store
    const before = await store.changeVersion();
    expect(await store.changeVersion()).toBe(before);
    await store.saveApiToken({ name: 'script', tokenSha256: 'f'.repeat(64), scope: 'read', createdMs: 1 });
    expect(await store.changeVersion()).not.toBe(before);
  });
});
