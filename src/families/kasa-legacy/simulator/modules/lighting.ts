import { isObject } from '../../../tplink/discovery.ts';
import { answer, BULB_INVALID_INPUT, type IotAnswer } from '../iot-errors.ts';
import { DEVICE_OUTLET } from '../power-state.ts';
import type { IotDeviceContext } from './context.ts';

/**
 * A bulb's or light strip's light state, kept where every reader sees it: sysinfo `light_state`. Its real shapes
 * (KL130, LB130, KL430 captures): on → `{on_off:1, mode, hue, saturation, color_temp, brightness}`; off →
 * `{on_off:0, dft_on_state:{mode, hue, saturation, color_temp, brightness}}`. `get_light_state` answers it;
 * `transition_light_state` (strips: `set_light_state`) changes it and answers the new state (LB130 protocol notes).
 * A value the bulb cannot show (colour on a white bulb, a colour temperature outside its range) is refused with
 * the bulb's own error, -10000 "Invalid input argument" (pyHS100 PR #173).
 */
const STATE_FIELDS = ['mode', 'hue', 'saturation', 'color_temp', 'brightness'] as const;

/** Colour temperature ranges in kelvin by model prefix (tplink-smarthome-api's table of TP-Link data). */
const KELVIN: Array<[RegExp, number, number]> = [
  [/^KB130/, 2500, 9000],
  [/^KL120\(EU\)/, 2700, 6500],
  [/^KL120\(US\)/, 2700, 5000],
  [/^KL125/, 2500, 6500],
  [/^KL13[05]/, 2500, 9000],
  [/^KL430/, 2500, 9000],
  [/^LB120/, 2700, 6500],
  [/^LB130/, 2500, 9000],
  [/^LB230/, 2500, 9000],
];

/** Defaults for a capture that lacks them: LB130 values from its protocol notes. */
const DEFAULT_DETAILS = {
  lamp_beam_angle: 150,
  min_voltage: 110,
  max_voltage: 120,
  wattage: 10,
  incandescent_equivalent: 60,
  max_lumens: 800,
  color_rendering_index: 80,
  err_code: 0,
};
const DEFAULT_BEHAVIOR = { soft_on: { mode: 'last_status' }, hard_on: { mode: 'last_status' }, err_code: 0 };

/** Watts a bulb draws: its rated wattage scaled by brightness when on; strips keep ~0.6 W when off (KL430 v2). */
export function bulbWatts(sysinfo: Record<string, unknown>, wattage: number, on: boolean): number {
  if (!on) return typeof sysinfo.length === 'number' ? 0.6 : 0;
  const light = isObject(sysinfo.light_state) ? sysinfo.light_state : {};
  const brightness = typeof light.brightness === 'number' ? light.brightness : 100;
  return Math.max(0.5, (wattage * brightness) / 100);
}

/** The rated wattage from the capture's `get_light_details`, else 10 W. */
export function ratedWattage(module: Record<string, unknown> | undefined): number {
  const details = module?.get_light_details;
  return isObject(details) && typeof details.wattage === 'number' ? details.wattage : DEFAULT_DETAILS.wattage;
}

/** Installs the light service the plan names (bulb or strip); no-op for plugs. */
export function installLighting(ctx: IotDeviceContext): void {
  const light = ctx.plan.light;
  if (!light) return;
  const { api } = ctx;
  const table = api.module(light.module) ?? {};
  if (!isObject(table.get_light_details)) api.on(light.module, 'get_light_details', () => ({ ...DEFAULT_DETAILS }));
  if (!isObject(table.get_default_behavior)) {
    api.on(light.module, 'get_default_behavior', () => structuredClone(DEFAULT_BEHAVIOR));
  }
  api.on(light.module, 'get_light_state', () => ({ ...currentState(ctx), err_code: 0 }));
  api.on(light.module, light.setter, (p) => applyLightState(ctx, p));
}

function currentState(ctx: IotDeviceContext): Record<string, unknown> {
  const sysinfo = ctx.api.sysinfo;
  const state = isObject(sysinfo.light_state) ? structuredClone(sysinfo.light_state) : { on_off: 0 };
  if (typeof sysinfo.length === 'number') state.length = sysinfo.length;
  return state;
}

/** Applies a light state change (also used by schedule rules with `s_light`); answers as the device does. */
export function applyLightState(ctx: IotDeviceContext, params: Record<string, unknown>): IotAnswer {
  const sysinfo = ctx.api.sysinfo;
  const change = validChange(sysinfo, params);
  if (!change) return answer(BULB_INVALID_INPUT);
  const current = isObject(sysinfo.light_state) ? sysinfo.light_state : { on_off: 0 };
  const wasOn = current.on_off === 1;
  const base: Record<string, unknown> = wasOn
    ? pick(current)
    : isObject(current.dft_on_state)
      ? pick(current.dft_on_state)
      : {};
  const settings = { ...base, ...change.settings };
  const on = change.on ?? wasOn;
  sysinfo.light_state = on ? { on_off: 1, ...settings } : { on_off: 0, dft_on_state: settings };
  ctx.power.refresh(DEVICE_OUTLET);
  return { ...currentState(ctx), err_code: 0 };
}

function pick(state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of STATE_FIELDS) if (field in state) out[field] = state[field];
  return out;
}

function validChange(
  sysinfo: Record<string, unknown>,
  params: Record<string, unknown>,
): { on: boolean | undefined; settings: Record<string, unknown> } | undefined {
  const settings: Record<string, unknown> = {};
  const int = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  let on: boolean | undefined;
  if (params.on_off !== undefined) {
    if (params.on_off !== 0 && params.on_off !== 1) return undefined;
    on = params.on_off === 1;
  }
  if (params.brightness !== undefined) {
    if (sysinfo.is_dimmable !== 1 || !int(params.brightness, 0, 100)) return undefined;
    if (params.brightness === 0) on = false;
    else settings.brightness = params.brightness;
  }
  for (const [field, max] of [
    ['hue', 360],
    ['saturation', 100],
  ] as const) {
    if (params[field] === undefined) continue;
    if (sysinfo.is_color !== 1 || !int(params[field], 0, max)) return undefined;
    settings[field] = params[field];
  }
  if (params.color_temp !== undefined) {
    const range = KELVIN.find(([re]) => re.test(String(sysinfo.model)));
    const [min, max] = range ? [range[1], range[2]] : [2700, 6500];
    const ct = params.color_temp;
    // 0 selects colour mode on colour bulbs (LB130 notes: "color_temp":0 with hue/saturation).
    const valid = ct === 0 ? sysinfo.is_color === 1 : sysinfo.is_variable_color_temp === 1 && int(ct, min, max);
    if (!valid) return undefined;
    settings.color_temp = ct;
  }
  if (params.mode !== undefined) {
    if (typeof params.mode !== 'string') return undefined;
    settings.mode = params.mode;
  }
  return { on, settings };
}
