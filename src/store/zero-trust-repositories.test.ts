import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan, tempDir } from '../../test/support/store.ts';
import type { Conversation } from '../sources/flows/conversation.ts';
import { openStore, type Store } from './index.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);
let cleanup: (() => void) | undefined;

async function freshStore(): Promise<Store> {
  const dir = tempDir();
  cleanup = dir.cleanup;
  return openStore(join(dir.dir, 'inventory.db'));
}

afterEach(() => cleanup?.());

const conversation = (overrides: Partial<Conversation> = {}): Conversation => ({
  bucketMs: T0,
  initiator: '192.168.1.20',
  responder: '203.0.113.7',
  protocol: 6,
  port: 443,
  initiatorMac: undefined,
  responderMac: undefined,
  flows: 1,
  replies: 0,
  packets: 10,
  bytes: 1000,
  firstMs: T0 + 10,
  lastMs: T0 + 20,
  ...overrides,
});

describe('flow repository', () => {
  it('merges conversations into stored hours and moves the cursor with them', async () => {
    const store = await freshStore();
    const source = store.flows.source('netflow', '127.0.0.1:2055');
    store.flows.commit(source.id, [conversation()], { cursor: { n: 1 }, nowMs: T0 });
    store.flows.commit(
      source.id,
      [
        conversation({ initiatorMac: '50:C7:BF:00:00:01', flows: 2, firstMs: T0 + 5, lastMs: T0 + 99 }),
        conversation({ bucketMs: T0 + HOUR }),
      ],
      { cursor: { n: 2 }, nowMs: T0 + 1 },
    );
    const stored = store.flows.conversations(T0, T0 + 2 * HOUR);
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({
      flows: 3,
      packets: 20,
      bytes: 2000,
      firstMs: T0 + 5,
      lastMs: T0 + 99,
      initiatorMac: '50:C7:BF:00:00:01',
    });
    const [row] = store.flows.sources();
    expect(row).toMatchObject({ imported_flows: 4, cursor_json: '{"n":2}', last_import_ms: T0 + 1 });
    expect(store.flows.span()).toEqual({ firstMs: T0 + 5, lastMs: T0 + 99 });
    await store.close();
  });

  it('replaces the conntrack connections a source saw', async () => {
    const store = await freshStore();
    const source = store.flows.source('conntrack', '/proc/net/nf_conntrack');
    store.flows.commit(source.id, [], {
      seen: [
        { key: 'a', packets: 1, bytes: 2 },
        { key: 'b', packets: 3, bytes: 4 },
      ],
      nowMs: T0,
    });
    store.flows.commit(source.id, [], { seen: [{ key: 'b', packets: 5, bytes: 6 }], nowMs: T0 });
    expect([...store.flows.seen(source.id).values()]).toEqual([{ key: 'b', packets: 5, bytes: 6 }]);
    await store.close();
  });
});

describe('traffic profiles and events', () => {
  it('writes a new version only when the profile changed, and records each event once', async () => {
    const store = await freshStore();
    const { devices } = await store.recordScan(scan([{ address: '192.168.1.20', mac: '50:C7:BF:00:00:01' }]));
    const deviceId = devices[0]!.deviceId;
    const meta = {
      learnedMs: T0,
      status: 'learning' as const,
      windowStartMs: T0,
      windowEndMs: T0 + HOUR,
      daysObserved: 1,
      flows: 4,
      confidence: 0.2,
    };
    expect(store.profiles.save(deviceId, meta, { destinations: ['a'] })).toEqual({ version: 1, changed: true });
    expect(store.profiles.save(deviceId, { ...meta, flows: 9 }, { destinations: ['a'] })).toEqual({
      version: 1,
      changed: false,
    });
    expect(store.profiles.get(deviceId)?.flows).toBe(9);
    expect(store.profiles.save(deviceId, meta, { destinations: ['a', 'b'] })).toEqual({ version: 2, changed: true });
    expect(store.profiles.versions(deviceId)).toEqual([1, 2]);
    expect(store.profiles.get(deviceId, 1)?.profile).toEqual({ destinations: ['a'] });
    expect(store.profiles.latest().map((p) => p.version)).toEqual([2]);
    const event = {
      deviceId,
      kind: 'new-destination',
      subject: 'b',
      atMs: T0,
      profileVersion: 2,
      detail: { port: 443 },
    };
    expect(store.profiles.recordEvents([event])).toHaveLength(1);
    expect(store.profiles.recordEvents([{ ...event, atMs: T0 + 5 }])).toHaveLength(0);
    expect(store.profiles.events({ deviceId })).toMatchObject([
      { subject: 'b', detail: { port: 443 }, profileVersion: 2 },
    ]);
    await store.close();
  });
});

describe('DNS answers', () => {
  it('keeps one row per name, address and client, widening its time range; re-reading counts nothing twice', async () => {
    const store = await freshStore();
    const answers = [
      { domain: 'api.vendor.example', address: '198.51.100.10', client: '192.168.1.20', timeMs: T0 },
      { domain: 'api.vendor.example', address: '198.51.100.10', client: '192.168.1.20', timeMs: T0 + 5 },
      { domain: 'api.vendor.example', address: '198.51.100.11', client: '', timeMs: T0 },
    ];
    store.dnsAnswers.record(answers);
    store.dnsAnswers.record(answers);
    expect(store.dnsAnswers.all()).toEqual([
      {
        domain: 'api.vendor.example',
        address: '198.51.100.10',
        client: '192.168.1.20',
        answers: 2,
        firstMs: T0,
        lastMs: T0 + 5,
      },
      { domain: 'api.vendor.example', address: '198.51.100.11', client: '', answers: 1, firstMs: T0, lastMs: T0 },
    ]);
    await store.close();
  });
});
