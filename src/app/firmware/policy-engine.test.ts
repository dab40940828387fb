import { describe, expect, it } from 'vitest';
import { KLAP_BREAKAGE, storedHold, testDevice, testPolicy, testState } from '../../../test/support/firmware-policy.ts';
import { parseDurationMs } from '../../config/firmware-policy-schema.ts';
import { FakeClock } from '../../util/clock.ts';
import { decide, resolvePolicy } from './policy-engine.ts';

const at = (iso: string): number => Date.parse(iso);
const inWindow = at('2026-01-01T03:30:00Z');
const outsideWindow = at('2026-01-01T12:00:00Z');

describe('policy precedence: device > model > vendor > default', () => {
  const device = testDevice();

  it('defaults to auto with the 03:00-05:00 window and one canary soaking a day', () => {
    const resolved = resolvePolicy(testPolicy(), device, inWindow);
    expect(resolved).toMatchObject({ mode: 'auto', level: 'default', window: { start: '03:00', end: '05:00' } });
    expect(resolved.rollout).toEqual({ canaryCount: 1, soakMs: 86_400_000 });
  });

  it('takes the most specific level that sets the mode', () => {
    const config = {
      default: { mode: 'notify' },
      vendors: { 'tp-link': { mode: 'auto' } },
      models: { HS100: { mode: 'notify', window: { start: '01:00', end: '02:00' } } },
      devices: { 'TV-PLUG': { mode: 'auto', rollout: { soak: '2h' } } },
    };
    const resolved = resolvePolicy(testPolicy(config), device, inWindow);
    expect(resolved.mode).toBe('auto');
    expect(resolved.level).toBe('device');
    // Unset fields inherit from the next level down.
    expect(resolved.window).toEqual({ start: '01:00', end: '02:00' });
    expect(resolved.rollout.soakMs).toBe(7_200_000);

    const withoutDevice = { ...config, devices: {} };
    expect(resolvePolicy(testPolicy(withoutDevice), device, inWindow)).toMatchObject({
      mode: 'notify',
      level: 'model',
    });
    const vendorOnly = { ...withoutDevice, models: {} };
    expect(resolvePolicy(testPolicy(vendorOnly), device, inWindow)).toMatchObject({ mode: 'auto', level: 'vendor' });
    expect(resolvePolicy(testPolicy({ default: { mode: 'notify' } }), device, inWindow)).toMatchObject({
      mode: 'notify',
      level: 'default',
    });
  });

  it('matches vendors by name or family, models with or without region, devices by name, id or MAC', () => {
    expect(resolvePolicy(testPolicy({ vendors: { kasa: { mode: 'notify' } } }), device, 0).level).toBe('vendor');
    expect(resolvePolicy(testPolicy({ models: { 'hs100(uk)': { mode: 'notify' } } }), device, 0).level).toBe('model');
    expect(resolvePolicy(testPolicy({ models: { 'HS100(US)': { mode: 'notify' } } }), device, 0).level).toBe('default');
    expect(resolvePolicy(testPolicy({ devices: { '50c7bf000033': { mode: 'notify' } } }), device, 0).level).toBe(
      'device',
    );
    expect(resolvePolicy(testPolicy({ devices: { [device.deviceId]: { mode: 'notify' } } }), device, 0).level).toBe(
      'device',
    );
  });

  it('lets a CLI hold beat the config at the same level, and a device rule beat a model hold', () => {
    const modelHold = storedHold({ scope: 'model', target: 'HS100(UK)' });
    const resolved = resolvePolicy(testPolicy({ models: { HS100: { mode: 'auto' } } }, [modelHold]), device, inWindow);
    expect(resolved).toMatchObject({ mode: 'hold', level: 'model', hold: { source: 'store', holdId: 1 } });
    const deviceAuto = testPolicy({ devices: { 'tv-plug': { mode: 'notify' } } }, [modelHold]);
    expect(resolvePolicy(deviceAuto, device, inWindow)).toMatchObject({ mode: 'notify', level: 'device' });
  });
});

describe('holds', () => {
  it('expire back to auto when the until date begins, with a fake clock', async () => {
    const clock = new FakeClock(at('2026-01-30T12:00:00Z'));
    const policy = testPolicy({
      devices: { 'tv-plug': { mode: 'hold', reason: 'waiting for HA 2026.2', until: '2026-02-01' } },
    });
    const state = testState();
    const device = testDevice({ openTcpPorts: [80], protocols: ['klap'] });
    expect(decide(device, state, policy, clock.now())).toMatchObject({
      action: 'held',
      reason: expect.stringContaining('waiting for HA 2026.2'),
    });
    await clock.advance(at('2026-01-31T23:59:59Z') - clock.now());
    expect(decide(device, state, policy, clock.now()).action).toBe('held');
    await clock.advance(1000 + 3 * 3_600_000);
    const after = decide(device, state, policy, clock.now());
    expect(after.action).toBe('install');
    expect(after.policy.expiredHolds).toHaveLength(1);
    expect(after.policy.expiredHolds[0]).toMatchObject({ until: '2026-02-01', level: 'device' });
  });

  it('end at local midnight of the until date in the policy time zone', () => {
    const policy = testPolicy({}, [storedHold({ until: '2026-07-01' })], 'Europe/Berlin');
    const device = testDevice();
    // Berlin is UTC+2 in July: the hold ends at 2026-06-30T22:00Z.
    expect(resolvePolicy(policy, device, at('2026-06-30T21:59:59Z')).mode).toBe('hold');
    expect(resolvePolicy(policy, device, at('2026-06-30T22:00:00Z')).mode).toBe('auto');
  });

  it('alert at once when an update fixes a critical or high CVE on a held device, showing both risks', () => {
    const policy = testPolicy({}, [storedHold()]);
    const cve = {
      id: 'CVE-2026-76784',
      severity: 'critical' as const,
      title: 'Insufficient cryptographic protection of the local Kasa protocol',
      fixedVersion: '1.1.0 Build 201016 Rel.175121',
      sources: ['https://www.cve.org/CVERecord?id=CVE-2026-76784'],
    };
    const state = testState({ cvesFixed: [cve], breakages: [KLAP_BREAKAGE] });
    const decision = decide(testDevice(), state, policy, inWindow);
    expect(decision.action).toBe('held');
    expect(decision.alert).toBeDefined();
    expect(decision.alert?.severity).toBe('critical');
    expect(decision.alert?.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2026-76784']);
    expect(decision.alert?.breakages.map((b) => b.id)).toEqual(['kasa-hs100uk-4.1-klap']);
    expect(decision.alert?.message).toContain('Home Assistant still uses port 9999');
    expect(decision.alert?.message).toContain('CVE-2026-76784 (critical');
    // A medium CVE does not raise the alarm.
    const mild = decide(testDevice(), testState({ cvesFixed: [{ ...cve, severity: 'medium' }] }), policy, inWindow);
    expect(mild.action).toBe('held');
    expect(mild.alert).toBeUndefined();
  });
});

describe('decide', () => {
  it("states as a fact that Home Assistant's integration controls the device when HA's registry says so", () => {
    const state = testState({ breakages: [KLAP_BREAKAGE] });
    const device = testDevice({ homeAssistant: { integration: 'tplink', title: 'TV plug' } });
    const decision = decide(device, state, testPolicy(), inWindow);
    expect(decision.action).toBe('decision-needed');
    expect(decision.reason).toContain(
      'Home Assistant\'s TP-Link integration controls tv-plug over kasa-xor, and this update removes that: Home Assistant\'s own registry says so (config entry "TV plug").',
    );
    // Another integration controlling it in HA is not the one this breakage hits: back to the inference.
    const other = decide(testDevice({ homeAssistant: { integration: 'matter' } }), state, testPolicy(), inWindow);
    expect(other.reason).not.toContain('registry says so');
    expect(other.reason).toContain("Home Assistant's TP-Link integration and local apps and scripts could no longer");
    expect(decision.reason).toContain('Local apps and scripts could no longer control it either.');
  });

  it('needs a decision when a known breakage hits how this home uses the device (Kasa KLAP)', () => {
    const state = testState({ breakages: [KLAP_BREAKAGE] });
    const decision = decide(testDevice(), state, testPolicy(), inWindow);
    expect(decision.action).toBe('decision-needed');
    expect(decision.breakage?.breakages.map((b) => b.id)).toEqual(['kasa-hs100uk-4.1-klap']);
    expect(decision.reason).toContain('closes the local port 9999');
    expect(decision.reason).toContain("Home Assistant's TP-Link integration");
    expect(decision.breakage?.hits).toEqual([
      'port 9999 is open at the latest scan',
      'it is controlled over kasa-xor today, which the update replaces with klap',
    ]);
    expect(decision.breakage?.options.some((o) => o.includes('firmware hold tv-plug'))).toBe(true);
    expect(decision.breakage?.options.some((o) => o.includes('acceptBreakages'))).toBe(true);
  });

  it('installs when the breakage does not touch what this home uses, or once it is accepted', () => {
    const state = testState({ breakages: [KLAP_BREAKAGE] });
    const klapOnly = testDevice({ openTcpPorts: [80], protocols: ['klap'] });
    expect(decide(klapOnly, state, testPolicy(), inWindow).action).toBe('install');
    const accepted = testPolicy({ devices: { 'tv-plug': { acceptBreakages: ['kasa-hs100uk-4.1-klap'] } } });
    expect(decide(testDevice(), state, accepted, inWindow).action).toBe('install');
  });

  it('waits for the maintenance window, including one that crosses midnight', () => {
    const decision = decide(testDevice(), testState(), testPolicy(), outsideWindow);
    expect(decision.action).toBe('wait-window');
    expect(decision.window?.startMs).toBe(at('2026-01-02T03:00:00Z'));
    expect(decision.window?.endMs).toBe(at('2026-01-02T05:00:00Z'));
    const night = testPolicy({ default: { window: { start: '23:00', end: '01:00' } } });
    expect(decide(testDevice(), testState(), night, at('2026-01-01T00:30:00Z')).action).toBe('install');
    expect(decide(testDevice(), testState(), night, at('2026-01-01T01:00:00Z')).window?.startMs).toBe(
      at('2026-01-01T23:00:00Z'),
    );
    const berlin = testPolicy({}, [], 'Europe/Berlin');
    // 03:30 Berlin in winter is 02:30 UTC.
    expect(decide(testDevice(), testState(), berlin, at('2026-01-01T02:30:00Z')).action).toBe('install');
    expect(decide(testDevice(), testState(), berlin, at('2026-01-01T04:30:00Z')).action).toBe('wait-window');
  });

  it('only reports under notify, and when only the catalogue knows the newer version', () => {
    expect(decide(testDevice(), testState(), testPolicy({ default: { mode: 'notify' } }), inWindow).action).toBe(
      'notify',
    );
    const catalogueOnly = testState({ latestSource: 'catalogue', deviceLatest: undefined });
    const decision = decide(testDevice(), catalogueOnly, testPolicy(), inWindow);
    expect(decision.action).toBe('notify');
    expect(decision.targetVersion).toBeUndefined();
    expect(decision.reason).toContain('does not offer it');
  });

  it('says up-to-date or unknown honestly', () => {
    expect(decide(testDevice(), testState({ updateAvailable: false }), testPolicy(), inWindow).action).toBe(
      'up-to-date',
    );
    expect(decide(testDevice(), testState({ installed: undefined }), testPolicy(), inWindow).action).toBe('unknown');
    expect(
      decide(testDevice(), testState({ latest: undefined, updateAvailable: undefined }), testPolicy(), inWindow).action,
    ).toBe('unknown');
  });
});

describe('firmware policy config', () => {
  it('parses soak durations and refuses a hold without reason or date', () => {
    expect(parseDurationMs('24h')).toBe(86_400_000);
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('soon')).toBeUndefined();
    expect(() => testPolicy({ devices: { x: { mode: 'hold', reason: 'why' } } })).toThrow(/reason and an until/);
    expect(() => testPolicy({ default: { window: { start: '3:00', end: '05:00' } } })).toThrow(/HH:MM/);
    expect(() => testPolicy({ default: { rollout: { soak: 'a while' } } })).toThrow(/not a duration/);
  });
});
