import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { tempDir } from '../support/store.ts';

let store: Store;
let cleanup: () => void;

beforeEach(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openStore(join(temp.dir, 'inventory.db'));
});

afterEach(async () => {
  await store.close();
  cleanup();
});

const audit = (action: string, timeMs: number) => ({
  timeMs,
  actor: 'cli' as const,
  action,
  result: 'ok' as const,
  detail: action,
});

describe('the risk tables', () => {
  it('keeps one open decision per device, closing the older one, each with its audit entry', async () => {
    const base = { deviceId: 'dev_a', reason: 'r', action: null, findingKeys: [], actor: 'cli' as const };
    await store.risk.decide(
      { ...base, decision: 'accept', until: '2027-01-01', createdMs: 1 },
      audit('risk-accept', 1),
    );
    await store.risk.decide({ ...base, decision: 'remove', until: null, createdMs: 2 }, audit('risk-remove', 2));
    await store.risk.decide(
      { ...base, deviceId: 'dev_b', decision: 'replace', until: null, createdMs: 3 },
      audit('risk-replace', 3),
    );
    const open = await store.risk.openDecisions();
    expect(open.map((d) => [d.deviceId, d.decision])).toEqual([
      ['dev_a', 'remove'],
      ['dev_b', 'replace'],
    ]);
    const actions = (await store.firmware.auditEntries()).map((e) => e.action);
    expect(actions).toEqual(['risk-accept', 'risk-remove', 'risk-replace']);
  });

  it('closes decisions on review and logs it', async () => {
    const stored = await store.risk.decide(
      {
        deviceId: 'dev_a',
        decision: 'mitigate',
        reason: 'r',
        until: null,
        action: 'fix',
        findingKeys: ['auth.no-login'],
        createdMs: 1,
        actor: 'cli',
      },
      audit('risk-mitigate', 1),
    );
    expect(stored.findingKeys).toEqual(['auth.no-login']);
    await store.risk.close([stored.id], 5, 'cli', [audit('risk-review', 5)]);
    expect(await store.risk.openDecisions()).toEqual([]);
    expect((await store.firmware.auditEntries()).at(-1)?.action).toBe('risk-review');
  });

  it('merges nothing itself: setContext replaces the stored context', async () => {
    await store.risk.setContext('dev_a', { room: 'nursery' }, audit('risk-context', 1));
    await store.risk.setContext('dev_a', { room: 'garden', outside: true }, audit('risk-context', 2));
    expect((await store.risk.contexts()).get('dev_a')).toEqual({ room: 'garden', outside: true });
  });
});
