import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import { openStore, type Store } from '../../store/index.ts';
import { FakeClock } from '../../util/clock.ts';
import { AuditLog } from './audit-log.ts';
import { auditPolicyChange } from './policy-audit.ts';
import { holdDevice, holdModel, releaseHolds } from './policy-holds.ts';

let dir: string;
let file: string;
let inventory: Store;
let store: FirmwareRepository;
const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-audit-'));
  file = join(dir, 'inventory.db');
  inventory = await openStore(file);
  store = inventory.firmware;
});
afterEach(async () => {
  await inventory.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('firmware audit log', () => {
  it('appends entries with time, actor, action, device, versions, result and detail', async () => {
    const log = new AuditLog(store, clock);
    await log.append({
      actor: 'scheduler',
      action: 'install',
      deviceId: 'dev_a',
      beforeVersion: '1.0.8',
      afterVersion: '1.4.4',
      result: 'ok',
      detail: 'installed',
      data: { canary: true },
    });
    await log.append({ actor: 'cli', action: 'check', result: 'info', detail: 'status' });
    const entries = await log.entries();
    expect(entries).toEqual([
      expect.objectContaining({
        timeMs: clock.now(),
        actor: 'scheduler',
        action: 'install',
        deviceId: 'dev_a',
        beforeVersion: '1.0.8',
        afterVersion: '1.4.4',
        result: 'ok',
        data: { canary: true },
      }),
      expect.objectContaining({ actor: 'cli', action: 'check' }),
    ]);
    expect(await log.entries({ deviceId: 'dev_a' })).toHaveLength(1);
    expect((await log.entries({ limit: 1 }))[0]?.action).toBe('check');
  });

  it('cannot be changed or deleted: SQLite triggers raise on UPDATE and DELETE', async () => {
    await new AuditLog(store, clock).append({ actor: 'cli', action: 'hold', result: 'ok', detail: 'held' });
    const raw = new Database(file);
    try {
      expect(() => raw.prepare("UPDATE firmware_audit_log SET detail = 'rewritten'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM firmware_audit_log').run()).toThrow(/append-only/);
      expect(raw.prepare('SELECT detail FROM firmware_audit_log').all()).toEqual([{ detail: 'held' }]);
    } finally {
      raw.close();
    }
  });

  it('refuses an unknown actor or result at the database', () => {
    const raw = new Database(file);
    try {
      expect(() =>
        raw
          .prepare(
            "INSERT INTO firmware_audit_log (time_ms, actor, action, result, detail) VALUES (1, 'mallory', 'install', 'ok', '')",
          )
          .run(),
      ).toThrow(/CHECK/);
    } finally {
      raw.close();
    }
  });
});

describe('holds from the CLI', () => {
  const request = { reason: 'HA needs port 9999', until: '2026-02-01', actor: 'cli' as const, timeZone: 'UTC' };

  it('stores device and model holds with an audit entry each, and releases them with one more', async () => {
    await holdDevice(store, { deviceId: 'dev_tv', name: 'tv-plug' }, { ...request, nowMs: clock.now() });
    const modelHold = await holdModel(store, 'HS100(UK)', {
      ...request,
      automatic: true,
      actor: 'scheduler',
      nowMs: clock.now(),
    });
    expect(modelHold).toMatchObject({ scope: 'model', target: 'HS100(UK)', automatic: true, until: '2026-02-01' });
    expect(await store.activeHolds()).toHaveLength(2);
    const released = await releaseHolds(
      store,
      { scope: 'model', model: 'hs100' },
      { actor: 'cli', nowMs: clock.now() },
    );
    expect(released.map((hold) => hold.target)).toEqual(['HS100(UK)']);
    expect((await store.activeHolds()).map((hold) => hold.target)).toEqual(['dev_tv']);
    const actions = (await store.auditEntries()).map((entry) => `${entry.action}:${entry.deviceId ?? entry.model}`);
    expect(actions).toEqual(['hold:dev_tv', 'hold:HS100(UK)', 'release:HS100(UK)']);
  });

  it('needs a reason and a future end date', async () => {
    await expect(
      holdDevice(store, { deviceId: 'd', name: 'd' }, { ...request, reason: ' ', nowMs: clock.now() }),
    ).rejects.toMatchObject({ code: 'ERR_HOLD_REASON' });
    await expect(
      holdDevice(store, { deviceId: 'd', name: 'd' }, { ...request, until: '2026-01-01', nowMs: clock.now() }),
    ).rejects.toMatchObject({ code: 'ERR_HOLD_UNTIL' });
    await expect(
      holdDevice(store, { deviceId: 'd', name: 'd' }, { ...request, until: 'next week', nowMs: clock.now() }),
    ).rejects.toMatchObject({ code: 'ERR_HOLD_UNTIL' });
    expect(await store.auditEntries()).toEqual([]);
  });
});

describe('policy changes from iotwarden.yaml', () => {
  it('are recorded once per distinct policy, whatever the key order', async () => {
    const options = { actor: 'cli' as const, nowMs: clock.now(), file: 'iotwarden.yaml' };
    const first = { timeZone: 'UTC', vendors: {}, models: {}, devices: { 'tv-plug': { mode: 'notify' as const } } };
    expect(await auditPolicyChange(store, first, options)).toMatchObject({ action: 'policy-change' });
    const reordered = { devices: { 'tv-plug': { mode: 'notify' as const } }, models: {}, vendors: {}, timeZone: 'UTC' };
    expect(await auditPolicyChange(store, reordered, options)).toBeUndefined();
    const changed = { ...first, devices: { 'tv-plug': { mode: 'auto' as const } } };
    expect((await auditPolicyChange(store, changed, options))?.detail).toContain('Firmware policy changed');
    expect((await store.auditEntries()).map((entry) => entry.action)).toEqual(['policy-change', 'policy-change']);
  });
});
