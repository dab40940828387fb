import type { Clock } from '../../../util/clock.ts';
import { isObject } from '../../tplink/discovery.ts';
import { SimulatedIotApi } from './api.ts';
import { defaultTimezoneIndex, IotDeviceClock } from './device-clock.ts';
import { type IotModulePlan, planModules } from './module-plan.ts';
import type { IotDeviceContext } from './modules/context.ts';
import { installDimmer } from './modules/dimmer.ts';
import { applyLightState, bulbWatts, installLighting, ratedWattage } from './modules/lighting.ts';
import { installNetif } from './modules/netif.ts';
import type { RuleAction } from './modules/rule-runner.ts';
import { installRules } from './modules/rules.ts';
import { type IotSystemHooks, installSystem } from './modules/system.ts';
import { installTime } from './modules/time.ts';
import { installEmeter, installRuntimeStats } from './modules/usage.ts';
import { DEVICE_OUTLET, IotPowerState } from './power-state.ts';
import type { IotModules } from './profiles.ts';

/**
 * Assembles a simulated legacy device from its module table: which modules it has (module-plan.ts), its clock, its
 * outlets and meters, and every module's methods. The transports (TCP/UDP 9999, KLAP) only call `api.handle`.
 */
export interface IotDeviceOptions {
  modules: IotModules;
  clock: Clock;
  /** The device's MAC: seeds its usage history. */
  mac: string;
  /** What the appliance on a plug draws when on, in watts (scenario `load`). */
  loadWatts: number | undefined;
  signal: AbortSignal;
  hooks: IotSystemHooks;
}

/** The parts of an assembled device the simulator and tests use. */
export interface IotDevice {
  api: SimulatedIotApi;
  plan: IotModulePlan;
  power: IotPowerState;
  deviceClock: IotDeviceClock;
}

/** The Wi-Fi network the lab's devices say they are on (`netif.get_scaninfo`). */
const LAB_SSID = 'iotwarden-lab';
/** A plug's load when neither the scenario nor the capture says: a small appliance. */
const DEFAULT_LOAD_W = 60;

/** Builds the device: plan, clock, outlets and meters, and every module's methods on one dispatcher. */
export function assembleIotDevice(options: IotDeviceOptions): IotDevice {
  const { modules, clock } = options;
  const plan = planModules(modules);
  const api = new SimulatedIotApi(modules);
  const sysinfo = api.sysinfo;
  const deviceClock = new IotDeviceClock(clock, capturedTimezone(modules, plan) ?? defaultTimezoneIndex(sysinfo.model));
  const captured = capturedRealtime(modules, plan);
  const load = options.loadWatts ?? (captured.watts > 0 ? captured.watts : DEFAULT_LOAD_W);
  const rated = plan.light ? ratedWattage(modules[plan.light.module]) : 0;
  const watts = (_id: string, on: boolean): number => {
    if (plan.kind === 'bulb') return bulbWatts(sysinfo, rated, on);
    if (!on) return 0;
    return plan.dimmer && typeof sysinfo.brightness === 'number' ? (load * sysinfo.brightness) / 100 : load;
  };
  const power = new IotPowerState({
    clock,
    deviceClock,
    sysinfo,
    seed: options.mac,
    watts,
    typicalWatts: plan.kind === 'bulb' ? rated : load,
  });
  const ctx: IotDeviceContext = { api, plan, power, deviceClock, clock, signal: options.signal };
  installSystem(ctx, options.hooks);
  installTime(ctx);
  installNetif(ctx, { ssid: LAB_SSID });
  installRules(ctx, (action) => applyRuleAction(ctx, action));
  installRuntimeStats(ctx);
  if (plan.emeter) {
    installEmeter(ctx, { ...plan.emeter, voltage: captured.voltage, capturedKeys: captured.keys });
  }
  installLighting(ctx);
  installDimmer(ctx);
  return { api, plan, power, deviceClock };
}

/** What a fired rule does: a plug switches (or dims, `sact` 3), a bulb takes `s_light` (`sact` 2). */
function applyRuleAction(ctx: IotDeviceContext, action: RuleAction): void {
  const { rule, outlets } = action;
  const act = action.source === 'countdown' ? rule.act : rule.sact;
  if (ctx.plan.kind === 'bulb') {
    const light =
      act === 2 && isObject(rule.s_light) ? rule.s_light : act === 0 || act === 1 ? { on_off: act } : undefined;
    if (light) applyLightState(ctx, light);
    return;
  }
  const ids = outlets.length > 0 ? outlets : ctx.power.ids();
  if (act === 3 && isObject(rule.s_dimmer) && typeof rule.s_dimmer.brightness === 'number') {
    ctx.api.sysinfo.brightness = rule.s_dimmer.brightness;
    ctx.power.switch([DEVICE_OUTLET], true);
  } else if (act === 0 || act === 1) {
    ctx.power.switch(ids, act === 1);
  }
}

function capturedTimezone(modules: IotModules, plan: IotModulePlan): number | undefined {
  const zone = modules[plan.time]?.get_timezone;
  return isObject(zone) && typeof zone.index === 'number' ? zone.index : undefined;
}

/** Load, voltage and answer shape from the capture's `get_realtime`, when it has one. */
function capturedRealtime(
  modules: IotModules,
  plan: IotModulePlan,
): { watts: number; voltage: number; keys: string[] | undefined } {
  const sysinfo = (modules.system as { get_sysinfo: Record<string, unknown> }).get_sysinfo;
  const us = typeof sysinfo.model === 'string' && sysinfo.model.includes('(US)');
  const fallbackVoltage = us ? 120 : 230;
  const realtime = plan.emeter ? modules[plan.emeter.module]?.get_realtime : undefined;
  if (!isObject(realtime)) return { watts: 0, voltage: fallbackVoltage, keys: undefined };
  const num = (key: string) => (typeof realtime[key] === 'number' ? (realtime[key] as number) : undefined);
  const watts = num('power') ?? (num('power_mw') ?? 0) / 1000;
  const volts = num('voltage') ?? (num('voltage_mv') ?? 0) / 1000;
  return {
    watts,
    voltage: volts > 0 ? volts : fallbackVoltage,
    keys: Object.keys(realtime).filter((k) => k !== 'err_code'),
  };
}
