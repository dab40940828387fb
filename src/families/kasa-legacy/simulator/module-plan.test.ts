import { describe, expect, it } from 'vitest';
import { readKasaFixture } from '../../../../test/support/kasa.ts';
import { normalizeUnsupported, planModules } from './module-plan.ts';
import type { IotModules } from './profiles.ts';

/** Conformance-style: the plan for real captures in ../shared/fixtures/kasa/iot (each file named is required). */
function planFor(file: string) {
  const modules = structuredClone(readKasaFixture('iot', file)) as IotModules;
  delete modules.discovery_result;
  normalizeUnsupported(modules);
  return { plan: planModules(modules), modules };
}

describe('legacy module plan from the captures', () => {
  it('HS103(US) 1.5.7: no energy meter (feature TIM); the per-method "module not support" becomes module level', () => {
    const { plan, modules } = planFor('HS103(US)_1.0_1.5.7.json');
    expect(plan).toMatchObject({ kind: 'plug', time: 'time', countdown: 'count_down', emeter: undefined });
    expect(modules.emeter).toEqual({ err_code: -1, err_msg: 'module not support' });
  });

  it('HS110(US) 1.2.6 meters in v1 units; KP115(EU) 1.0.16 in v2 units', () => {
    expect(planFor('HS110(US)_1.0_1.2.6.json').plan.emeter).toEqual({ module: 'emeter', units: 'v1' });
    expect(planFor('KP115(EU)_1.0_1.0.16.json').plan.emeter).toEqual({ module: 'emeter', units: 'v2' });
  });

  it('HS220(US) is a dimmer; KL130(EU) a bulb with the lighting service; KL430(US) v2 a strip', () => {
    expect(planFor('HS220(US)_1.0_1.5.7.json').plan.dimmer).toBe('smartlife.iot.dimmer');
    expect(planFor('KL130(EU)_1.0_1.8.8.json').plan).toMatchObject({
      kind: 'bulb',
      time: 'smartlife.iot.common.timesetting',
      light: { module: 'smartlife.iot.smartbulb.lightingservice', setter: 'transition_light_state' },
      emeter: { module: 'smartlife.iot.common.emeter', units: 'bulb' },
      countdown: undefined,
    });
    expect(planFor('KL430(US)_2.0_1.0.11.json').plan.light).toEqual({
      module: 'smartlife.iot.lightStrip',
      setter: 'set_light_state',
    });
  });
});
