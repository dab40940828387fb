import { afterEach, describe, expect, it } from 'vitest';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import type { SimulatedKasaLegacy } from '../../src/families/kasa-legacy/simulator/simulated-kasa-legacy.ts';
import { shellyGen1Kind } from '../../src/families/shelly-gen1/simulator/kind.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { drive, FirmwareLab, SHELLY_PASSWORD } from '../support/firmware-lab.ts';
import { IN_WINDOW_MS, RolloutHarness } from '../support/rollout.ts';

/**
 * Faults around the rollout itself, against lab devices over real sockets: the process killed mid-install and
 * started again, a hold that expires, and a critical CVE appearing for a held device.
 */
let lab: FirmwareLab;
let harness: RolloutHarness;
afterEach(async () => {
  await harness?.close();
  await lab?.stop();
});

const OLD = '20221027-091427/v1.12.1-ga9117d3';
const NEW = '20230913-112003/v1.14.0-gcb84623';
const KASA_OLD = '1.0.12 Build 190528 Rel.154535';
const KASA_NEW = '1.1.0 Build 201016 Rel.175121';
const HELD = {
  models: { 'SHSW-1': { mode: 'hold', reason: 'Home Assistant pins this firmware', until: '2026-01-03' } },
};

async function setUp(config: unknown = {}) {
  lab = new FirmwareLab(new FakeClock(IN_WINDOW_MS));
  harness = await new RolloutHarness(lab, config).open();
  return lab.add(shellyGen1Kind, 'relay', {
    model: 'SHSW-1',
    firmware: OLD,
    auth: { enabled: true, username: 'admin', password: SHELLY_PASSWORD },
    update: { version: NEW, durationMs: 5000 },
  });
}

describe('rollout faults', () => {
  it('resumes after the process is killed mid-install, without installing twice', async () => {
    const relay = await setUp();
    await harness.register(relay, { latest: NEW });
    const killed = new AbortController();
    const first = harness.run({ signal: killed.signal });
    first.catch(() => undefined);
    // Let time pass until the install has gone out and the device is rebooting, then kill the engine.
    for (let i = 0; i < 500 && relay.installs() === 0; i++) {
      await lab.clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(relay.installs()).toBe(1);
    killed.abort(new Error('SIGKILL (simulated)'));
    await expect(first).rejects.toThrow('SIGKILL');
    const [interrupted] = await harness.rollouts.active();
    expect(interrupted?.steps[0]?.state).toBe('install-started');

    await harness.restart();
    const resumed = await drive(lab.clock, harness.run());
    expect(resumed.entries[0]).toMatchObject({ action: 'updated' });
    expect(resumed.entries[0]?.result?.versionAfter).toBe(NEW);
    expect(relay.installs()).toBe(1);
    const log = await harness.firmware.auditEntries();
    expect(log.filter((e) => e.action === 'install' && e.result === 'started')).toHaveLength(1);
    expect(log.at(-1)?.data).toMatchObject({ resumed: true, outcome: 'updated' });
  });

  it('after a kill, judges a resumed install against the device as it was before, even after a new scan', async () => {
    lab = new FirmwareLab(new FakeClock(IN_WINDOW_MS));
    harness = await new RolloutHarness(lab).open();
    const plug = await lab.add(kasaLegacyKind, 'tv-plug', {
      model: 'HS100(UK)',
      hwVersion: '4.1',
      firmware: KASA_OLD,
      update: { version: KASA_NEW, durationMs: 2000, outcome: 'switch-to-klap' },
    });
    await harness.register(plug, { latest: KASA_NEW });
    const killed = new AbortController();
    const first = harness.run({ signal: killed.signal });
    first.catch(() => undefined);
    for (let i = 0; i < 500 && plug.installs() === 0; i++) {
      await lab.clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    killed.abort(new Error('SIGKILL (simulated)'));
    await expect(first).rejects.toThrow('SIGKILL');
    // The plug finishes its update while iotwarden is down, and a scan records it as it is now.
    await lab.clock.advance(5000);
    await (plug.started.simulator as SimulatedKasaLegacy).settled();
    await harness.register(plug, { latest: KASA_NEW });

    await harness.restart();
    const resumed = await drive(lab.clock, harness.run());
    expect(resumed.entries[0]?.action).toBe('failed');
    expect(resumed.entries[0]?.reason).toContain('port 9999 closed, KLAP on port 80 now answers');
    expect(plug.installs()).toBe(1);
  });

  it('keeps a held device on its firmware until the hold expires, then updates it in the window', async () => {
    const relay = await setUp(HELD);
    await harness.register(relay, { latest: NEW });
    const held = await drive(lab.clock, harness.run({ now: true }));
    expect(held.entries[0]).toMatchObject({ action: 'not-allowed', decision: 'held' });
    expect(relay.installs()).toBe(0);

    // 2026-01-03 03:30 UTC: the hold ended at midnight and the window is open.
    await lab.clock.advance(2 * 86_400_000);
    const released = await drive(lab.clock, harness.run());
    expect(released.entries[0]).toMatchObject({ action: 'updated' });
    expect(relay.installs()).toBe(1);
  });

  it('alerts at once when an update for a held device fixes a critical CVE, and still does not install', async () => {
    const relay = await setUp(HELD);
    const cve = {
      id: 'CVE-2099-0001',
      severity: 'critical' as const,
      title: 'unauthenticated remote code execution',
      fixedVersion: NEW,
      sources: [],
    };
    await harness.register(relay, { latest: NEW, cvesFixed: [cve] });
    const report = await drive(lab.clock, harness.run({ now: true }));
    expect(relay.installs()).toBe(0);
    expect(report.alerts).toHaveLength(1);
    const message = report.alerts[0]?.alert.message ?? '';
    expect(message).toContain('CVE-2099-0001');
    expect(message).toContain('Home Assistant pins this firmware');
    await drive(lab.clock, harness.run({ now: true }));
    const alerts = (await harness.firmware.auditEntries()).filter((e) => e.action === 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ deviceId: 'dev_relay', afterVersion: NEW, result: 'info' });
  });
});
