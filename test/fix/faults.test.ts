import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/app/fix/apply.ts';
import { buildFixPlan } from '../../src/app/fix/plan.ts';
import type { InstallDevice } from '../../src/families/installer.ts';
import { SHELLY_GEN2_FIXES } from '../../src/families/shelly-gen2/fixes.ts';
import type { FaultProxy } from '../support/fault-proxy.ts';
import { FIX_LAB_PASSWORD, type FixLab, startFixLab } from '../support/fix-lab.ts';

/**
 * Fault injection (issue 13): the device answers 500, times out, says OK without applying (lies), reboots
 * mid-change, takes a new password and then refuses it, or the process dies between journal and verification.
 * Devices are lab simulators on real sockets; faults come from a proxy in front of their HTTP port.
 */

const CURRENT_GEN1 = '20230913-112003/v1.14.0-gcb84623';
const CURRENT_GEN2 = '1.4.4-g6d2a586';
let lab: FixLab;
let cloudRelay: FaultProxy;
let openRelay: FaultProxy;

beforeAll(async () => {
  lab = await startFixLab((at) => [
    {
      name: 'cloud-relay',
      kind: 'shelly-gen1',
      address: at(10),
      model: 'SHSW-1',
      firmware: CURRENT_GEN1,
      auth: { enabled: true, username: 'admin', password: FIX_LAB_PASSWORD },
      cloud: true,
    },
    {
      name: 'open-relay',
      kind: 'shelly-gen1',
      address: at(11),
      model: 'SHSW-1',
      firmware: CURRENT_GEN1,
      auth: { enabled: false, username: 'admin', password: 'old-unused' },
    },
    {
      name: 'debug-plug',
      kind: 'shelly-gen2',
      address: at(12),
      model: 'SNPL-00112EU',
      firmware: CURRENT_GEN2,
      auth: { enabled: true, password: FIX_LAB_PASSWORD },
      debug: true,
    },
    {
      name: 'cloud-plug',
      kind: 'shelly-gen2',
      address: at(13),
      model: 'SNPL-00112EU',
      firmware: CURRENT_GEN2,
      auth: { enabled: true, password: FIX_LAB_PASSWORD },
      cloud: true,
    },
  ]);
  cloudRelay = await lab.proxy(`${lab.prefix}.10`);
  cloudRelay.matches = (path) => path.startsWith('/settings/cloud?enabled=0');
  openRelay = await lab.proxy(`${lab.prefix}.11`);
  openRelay.matches = (path) => path.startsWith('/settings/login?');
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

async function applyCloud() {
  return applyFixes({ env: lab.env(), device: 'cloud-relay', check: 'cloud.enabled' });
}

describe('a device that misbehaves during a change', () => {
  it('answers 500: the change is reported as put back, the run stops, the journal and audit log say so', async () => {
    cloudRelay.fault = { kind: 'status-500' };
    const result = await applyCloud();
    expect(result.stopped).toBe(true);
    expect(result.changes).toMatchObject([{ status: 'reverted', before: 'on', after: 'on' }]);
    expect(result.changes[0]?.detail).toMatch(
      /vendor cloud not changed: .*still reports vendor cloud on\. It still has on\./,
    );
    expect(cloudRelay.hits).toBe(1);
    const [entry] = (await lab.store.fixes.history()).slice(-1);
    expect(entry).toMatchObject({ fixId: 'shelly-gen1.cloud-off', state: 'reverted' });
    const audit = await lab.store.firmware.auditEntries({ limit: 2 });
    expect(audit.map((a) => `${a.action} ${a.result}`)).toEqual(['fix started', 'fix failed']);
  }, 30_000);

  it('times out: the request is cut at its timeout and the change reported as not made', async () => {
    cloudRelay.fault = { kind: 'hang' };
    const started = Date.now();
    const result = await applyCloud();
    expect(result.changes).toMatchObject([{ status: 'reverted', after: 'on' }]);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('says OK but does not apply it (it lies): the read-back catches it', async () => {
    cloudRelay.fault = { kind: 'lie', body: '{"enabled":false,"connected":false}' };
    const result = await applyCloud();
    expect(result.changes).toMatchObject([{ status: 'reverted', after: 'on' }]);
    expect(result.changes[0]?.detail).toContain('still reports vendor cloud on');
  }, 30_000);

  it('reboots mid-change: the engine waits for it, verifies and health-checks it', async () => {
    cloudRelay.fault = { kind: 'reboot', downMs: 1200 };
    const result = await applyCloud();
    expect(result.stopped).toBe(false);
    expect(result.changes).toMatchObject([{ status: 'done', before: 'on', after: 'off', problems: [] }]);
    expect(result.devices[0]?.resolved).toContain('cloud.enabled');
    // Idempotent: a second apply finds the setting as wanted and changes nothing.
    cloudRelay.fault = { kind: 'none' };
    expect((await applyCloud()).changes).toMatchObject([{ status: 'already' }]);
  }, 30_000);

  it('takes the new password and then refuses it: the state is said exactly, nothing is marked done', async () => {
    openRelay.fault = { kind: 'refuse-logins-after' };
    const result = await applyFixes({ env: lab.env(), device: 'open-relay', check: 'auth.no-login' });
    expect(result.changes).toMatchObject([{ status: 'failed', password: 'configured', before: 'off' }]);
    const detail = result.changes[0]?.detail ?? '';
    expect(detail).toContain('refused the login with the new password');
    expect(detail).toContain('the password is the one configured for it in iotwarden.yaml');
    expect(detail).not.toContain(FIX_LAB_PASSWORD);
    const [entry] = (await lab.store.fixes.history({ limit: 1 })).slice(-1);
    expect(entry?.state).toBe('failed');
  }, 30_000);
});

describe('a run killed between journal and verification', () => {
  function deviceAt(host: number, deviceId: string | undefined): InstallDevice {
    const address = `${lab.prefix}.${host}`;
    return {
      address,
      facts: {
        family: 'shelly-gen2',
        vendor: 'Shelly',
        firmware: {},
        protocols: [],
        auth: { state: 'required' },
        debugInterfaces: [],
        exposedSecrets: [],
        limitations: [],
        ...(deviceId ? { deviceId } : {}),
      },
      connectPort: (port, transport) => lab.env().connectPort()(address, port, transport),
    };
  }

  it('is settled by the next run from what the device shows, and the device is not changed twice', async () => {
    const debugPlug = await lab.store.device('debug-plug');
    const cloudPlug = await lab.store.device('cloud-plug');
    if (!debugPlug || !cloudPlug) throw new Error('lab devices missing');
    const debugFix = SHELLY_GEN2_FIXES.settings.find((f) => f.id === 'shelly-gen2.debug-off');
    const change = { setting: 'debug logs', before: 'websocket', after: 'off', sideEffects: [], undoable: true };
    // Killed after the write reached the device: journal says started, the device already changed.
    await lab.store.fixes.begin({
      deviceId: debugPlug.deviceId,
      address: debugPlug.address,
      fixId: 'shelly-gen2.debug-off',
      checkId: 'service.debug-interface',
      change,
      startedMs: Date.now(),
    });
    const context = {
      signal: AbortSignal.timeout(5000),
      timeoutMs: 2000,
      maxBytes: 1 << 20,
      credentials: () => ({ password: FIX_LAB_PASSWORD }),
      clock: lab.env().clock,
      log: lab.env().log,
    };
    await debugFix?.write(deviceAt(12, debugPlug.facts.device?.deviceId), context, change);
    // Killed before the write left: journal says started, the device never saw it.
    const cloudChange = { setting: 'vendor cloud', before: 'on', after: 'off', sideEffects: [], undoable: true };
    await lab.store.fixes.begin({
      deviceId: cloudPlug.deviceId,
      address: cloudPlug.address,
      fixId: 'shelly-gen2.cloud-off',
      checkId: 'cloud.enabled',
      change: cloudChange,
      startedMs: Date.now(),
    });
    // A second change on a device with one in flight is refused by the journal itself.
    await expect(
      lab.store.fixes.begin({
        deviceId: cloudPlug.deviceId,
        address: cloudPlug.address,
        fixId: 'x',
        checkId: 'y',
        change: {},
        startedMs: 0,
      }),
    ).rejects.toThrow();

    const result = await applyFixes({ env: lab.env(), check: 'service.debug-interface' });
    const settled = Object.fromEntries(result.reconciled.map((r) => [r.device.name, r.status]));
    expect(settled).toEqual({ 'debug-plug': 'done', 'cloud-plug': 'failed' });
    expect(result.changes).toMatchObject([{ device: { name: 'debug-plug' }, status: 'already' }]);
    expect(await lab.store.fixes.unfinished()).toEqual([]);
    const plan = await buildFixPlan({ store: lab.store, device: 'cloud-plug' });
    expect(plan.changes.map((c) => c.fixId)).toEqual(['shelly-gen2.cloud-off']);
  }, 30_000);
});
