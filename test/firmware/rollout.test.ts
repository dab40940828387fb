import { afterEach, describe, expect, it } from 'vitest';
import type { KnownBreakage } from '../../src/app/firmware/types.ts';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import { shellyGen1Kind } from '../../src/families/shelly-gen1/simulator/kind.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { drive, FirmwareLab, SHELLY_PASSWORD } from '../support/firmware-lab.ts';
import { IN_WINDOW_MS, OUT_OF_WINDOW_MS, RolloutHarness } from '../support/rollout.ts';

/**
 * Rollouts against lab devices over real sockets, on a FakeClock: canary first, soak, then the rest; a canary that
 * breaks stops the rest and holds the model; the maintenance window; `--now`; a known breakage that needs a decision.
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

function relay(name: string) {
  return lab.add(shellyGen1Kind, name, {
    model: 'SHSW-1',
    firmware: OLD,
    auth: { enabled: true, username: 'admin', password: SHELLY_PASSWORD },
    update: { version: NEW, durationMs: 2000 },
  });
}

function tvPlug(name: string) {
  return lab.add(kasaLegacyKind, name, {
    model: 'HS100(UK)',
    hwVersion: '4.1',
    firmware: KASA_OLD,
    update: { version: KASA_NEW, durationMs: 2000, outcome: 'switch-to-klap' },
  });
}

async function setUp(startMs: number, config: unknown = {}) {
  lab = new FirmwareLab(new FakeClock(startMs));
  harness = await new RolloutHarness(lab, config).open();
}

describe('staged rollout', () => {
  it('updates one canary, waits out the soak period, then updates the rest', async () => {
    await setUp(IN_WINDOW_MS, { default: { rollout: { soak: '1h' } } });
    const [a, b] = [await relay('relay-a'), await relay('relay-b')];
    await harness.register(a, { latest: NEW });
    await harness.register(b, { latest: NEW });

    const first = await drive(lab.clock, harness.run());
    expect(first.entries.find((e) => e.name === 'relay-a')).toMatchObject({ action: 'updated', role: 'canary' });
    expect(first.entries.find((e) => e.name === 'relay-b')).toMatchObject({ action: 'waiting', role: 'rest' });
    expect(first.entries.find((e) => e.name === 'relay-b')?.reason).toMatch(/soak period ends/);
    expect([a.installs(), b.installs()]).toEqual([1, 0]);

    // Still soaking: a second run installs nothing.
    await drive(lab.clock, harness.run());
    expect(b.installs()).toBe(0);

    await lab.clock.advance(3_600_000);
    const third = await drive(lab.clock, harness.run());
    expect(third.entries.find((e) => e.name === 'relay-b')).toMatchObject({ action: 'updated' });
    expect([a.installs(), b.installs()]).toEqual([1, 1]);
    const [rollout] = await harness.rollouts.all(1);
    expect(rollout?.state).toBe('done');
  });

  it('stops when the canary breaks: the second plug is not updated and the model is held, with the reason', async () => {
    await setUp(IN_WINDOW_MS);
    const [a, b] = [await tvPlug('tv-plug'), await tvPlug('bedroom-plug')];
    // A catalogue that does not know the breakage yet: policy lets the update through.
    await harness.register(a, { latest: KASA_NEW });
    await harness.register(b, { latest: KASA_NEW });
    const report = await drive(lab.clock, harness.run());

    const canary = report.entries.find((e) => e.role === 'canary');
    expect(canary?.action).toBe('failed');
    expect(canary?.reason).toContain('port 9999 closed, KLAP on port 80 now answers');
    expect(canary?.options.join('\n')).toMatch(/held the model until 2026-01-31/);
    expect(report.entries.find((e) => e.role === 'rest')?.action).toBe('stopped');
    expect(a.installs() + b.installs()).toBe(1);
    expect(report.halted).toEqual([expect.objectContaining({ model: 'HS100(UK)', holdUntil: '2026-01-31' })]);

    const holds = await harness.firmware.activeHolds();
    expect(holds).toEqual([expect.objectContaining({ scope: 'model', target: 'HS100(UK)', automatic: true })]);
    expect(holds[0]?.reason).toContain('port 9999 closed, KLAP on port 80 now answers');
    const log = await harness.firmware.auditEntries();
    expect(log.map((e) => `${e.action}:${e.result}`)).toEqual([
      'install:started',
      'health-check:failed',
      'rollout:failed',
      'hold:ok',
    ]);

    // The next run (a later window) still leaves the second plug alone: it is held.
    const again = await drive(lab.clock, harness.run({ now: true }));
    const second = again.entries.find((e) => e.role !== 'canary' && e.decision === 'held');
    expect(second?.reason).toMatch(/Held until 2026-01-31: automatic/);
    expect(a.installs() + b.installs()).toBe(1);
  });

  it('installs only inside the maintenance window unless --now is given', async () => {
    await setUp(OUT_OF_WINDOW_MS);
    const a = await relay('relay-a');
    await harness.register(a, { latest: NEW });
    const waiting = await drive(lab.clock, harness.run());
    expect(waiting.entries[0]).toMatchObject({ action: 'not-allowed', decision: 'wait-window' });
    expect(waiting.entries[0]?.reason).toMatch(/Pass --now/);
    expect(a.installs()).toBe(0);
    const now = await drive(lab.clock, harness.run({ now: true }));
    expect(now.entries[0]).toMatchObject({ action: 'updated' });
    expect(a.installs()).toBe(1);
  });

  it('leaves a device whose known breakage hits this home to the owner, with the explanation and options', async () => {
    await setUp(IN_WINDOW_MS);
    const a = await tvPlug('tv-plug');
    const klap: KnownBreakage = {
      id: 'kasa-hs100uk-4.1-klap',
      version: KASA_NEW,
      effects: { closesPorts: [9999], protocolChange: 'kasa-xor→klap', affects: ['home-assistant-tplink'] },
      summary: 'The firmware closes the local port 9999 and switches to KLAP.',
      options: ['Move Home Assistant to KLAP first.'],
      sources: ['https://github.com/home-assistant/core/issues/39395'],
    };
    await harness.register(a, { latest: KASA_NEW, breakages: [klap] });
    const report = await drive(lab.clock, harness.run({ now: true }));
    expect(report.entries[0]).toMatchObject({ action: 'not-allowed', decision: 'decision-needed' });
    expect(report.entries[0]?.reason).toMatch(/port 9999 is open/);
    expect(report.entries[0]?.options).toContain('Move Home Assistant to KLAP first.');
    expect(a.installs()).toBe(0);
  });

  it('updates only the devices named with --device', async () => {
    await setUp(IN_WINDOW_MS, { default: { rollout: { soak: 0 } } });
    const [a, b] = [await relay('relay-a'), await relay('relay-b')];
    await harness.register(a, { latest: NEW });
    await harness.register(b, { latest: NEW });
    await drive(lab.clock, harness.run({ only: ['relay-b'] }));
    expect([a.installs(), b.installs()]).toEqual([0, 1]);
  });
});
