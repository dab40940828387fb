import { describe, expect, it } from 'vitest';
import { KLAP_BREAKAGE, storedHold, testDevice, testPolicy, testState } from '../../../test/support/firmware-policy.ts';
import { buildPlan, formatDuration } from './plan.ts';
import type { DeviceFirmware } from './types.ts';

const at = (iso: string): number => Date.parse(iso);

function shelly(name: string, model: string, installed = '1.0.8', offered = '1.4.4'): DeviceFirmware {
  const deviceId = `dev_${name}`;
  return {
    device: testDevice({
      deviceId,
      name,
      family: 'shelly-gen2',
      vendor: 'Shelly',
      model,
      hwVersion: undefined,
      openTcpPorts: [80],
      protocols: ['shelly-rpc'],
    }),
    state: testState({
      deviceId,
      installed,
      latest: offered,
      deviceLatest: offered,
      catalogueLatest: offered,
      updateAvailable: installed !== offered,
    }),
  };
}

const home: DeviceFirmware[] = [
  shelly('porch', 'SNSW-001P16EU'),
  shelly('dimmer', 'SNSW-001P16EU'),
  shelly('attic', 'SNSW-001P16EU'),
  shelly('pump', 'SPSW-004PE16EU'),
  shelly('fan', 'SNPL-00112EU', '1.4.4', '1.4.4'),
  { device: testDevice(), state: testState({ breakages: [KLAP_BREAKAGE] }) },
];

describe('firmware plan (dry run)', () => {
  it('orders installs canary first per model, the rest after the soak in a later window, and lists what waits', () => {
    const now = at('2026-01-01T12:00:00Z');
    const plan = buildPlan(home, testPolicy({ default: { rollout: { soak: '24h' } } }), now);
    const order = plan.installs.map((s) => [s.order, s.device.name, s.role, new Date(s.earliestMs ?? 0).toISOString()]);
    expect(order).toEqual([
      [1, 'attic', 'canary', '2026-01-02T03:00:00.000Z'],
      [2, 'pump', 'canary', '2026-01-02T03:00:00.000Z'],
      // Canary at 03:00 + 24 h soak = 03:00 next day, inside that day's window.
      [3, 'dimmer', 'follower', '2026-01-03T03:00:00.000Z'],
      [4, 'porch', 'follower', '2026-01-03T03:00:00.000Z'],
    ]);
    expect(plan.installs[2]?.waitsFor).toBe('waits until attic has run the update for 1d without problems');
    expect(plan.installs.every((s) => s.decision.targetVersion === '1.4.4')).toBe(true);
    expect(plan.waiting.map((s) => [s.device.name, s.decision.action])).toEqual([['tv-plug', 'decision-needed']]);
    expect(plan.upToDate.map((s) => s.device.name)).toEqual(['fan']);
  });

  it('with --now ignores the window but still soaks; a soak ending outside the window waits for the next one', () => {
    const now = at('2026-01-01T12:00:00Z');
    const nowPlan = buildPlan(home, testPolicy({ default: { rollout: { soak: '2h', canaryCount: 2 } } }), now, {
      now: true,
    });
    expect(nowPlan.installs.map((s) => [s.device.name, s.role, s.earliestMs])).toEqual([
      ['attic', 'canary', now],
      ['dimmer', 'canary', now],
      ['pump', 'canary', now],
      ['porch', 'follower', now + 7_200_000],
    ]);
    const windowed = buildPlan(home, testPolicy({ default: { rollout: { soak: '4h' } } }), at('2026-01-01T03:10:00Z'));
    const follower = windowed.installs.find((s) => s.device.name === 'dimmer');
    // Canary installs now (03:10, window open); 4 h later the window has closed, so the follower waits for tomorrow.
    expect(new Date(follower?.earliestMs ?? 0).toISOString()).toBe('2026-01-02T03:00:00.000Z');
  });

  it('leaves held devices and held models out of the rollout', () => {
    const hold = storedHold({ scope: 'model', target: 'SNSW-001P16EU', reason: 'canary failed' });
    const plan = buildPlan(home, testPolicy({}, [hold]), at('2026-01-01T12:00:00Z'));
    expect(plan.installs.map((s) => s.device.name)).toEqual(['pump']);
    expect(plan.waiting.filter((s) => s.decision.action === 'held').map((s) => s.device.name)).toEqual([
      'porch',
      'dimmer',
      'attic',
    ]);
  });

  it('formats durations for people', () => {
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(90_000)).toBe('1m 30s');
    expect(formatDuration(500)).toBe('500ms');
  });
});
