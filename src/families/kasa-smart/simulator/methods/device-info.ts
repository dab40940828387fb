import { fail, ok, PARAMS_ERROR, type SimulatedSmartApi, type SmartAnswer } from '../api.ts';
import type { SmartDeviceState } from '../smart-state.ts';

/**
 * `get_device_info` and `set_device_info`. The apps and python-kasa write `device_on`, `nickname` (base64 of the
 * name, as stored), `avatar`, and on bulbs `brightness`, `hue`, `saturation`, `color_temp` (python-kasa smart
 * modules devicemodule, brightness, color, colortemperature; tp-link-tapo-connect `setHSL`). A field the model
 * lacks, a value of the wrong type or out of range is refused with PARAMS_ERROR. Setting a colour puts a colour
 * bulb in colour mode (`color_temp: 0`, the L530E capture's convention for "not white").
 */
const MAX_NICKNAME_BYTES = 64;

/** Installs `get_device_info` (live) and `set_device_info` (validated). */
export function installDeviceInfo(api: SimulatedSmartApi, state: SmartDeviceState): void {
  api.on('get_device_info', () => ok(liveInfo(state)));
  api.on('set_device_info', (params) => setDeviceInfo(state, params));
}

/** The stored info with the live fields: `on_time`, `time_diff`. */
export function liveInfo(state: SmartDeviceState): Record<string, unknown> {
  const info = structuredClone(state.info);
  if ('on_time' in info) info.on_time = state.onTimeS();
  return info;
}

function setDeviceInfo(state: SmartDeviceState, params: Record<string, unknown>): SmartAnswer {
  const info = state.info;
  const keys = Object.keys(params);
  if (keys.length === 0 || !keys.every((k) => valid(info, k, params[k]))) return fail(PARAMS_ERROR);
  Object.assign(info, params);
  if (('hue' in params || 'saturation' in params) && !('color_temp' in params) && 'color_temp' in info) {
    info.color_temp = 0;
  }
  state.refresh();
  return ok();
}

function valid(info: Record<string, unknown>, key: string, value: unknown): boolean {
  const int = (min: number, max: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  switch (key) {
    case 'device_on':
      return typeof value === 'boolean';
    case 'nickname':
      return typeof value === 'string' && isBase64Name(value);
    case 'avatar':
      return typeof value === 'string' && value.length <= 64;
    case 'brightness':
      return 'brightness' in info && int(1, 100);
    case 'hue':
      return 'hue' in info && int(0, 360);
    case 'saturation':
      return 'saturation' in info && int(0, 100);
    case 'color_temp': {
      if (!('color_temp' in info)) return false;
      const range = Array.isArray(info.color_temp_range) ? (info.color_temp_range as number[]) : [2500, 6500];
      return (value === 0 && 'hue' in info) || int(range[0] ?? 2500, range[1] ?? 6500);
    }
    default:
      return false;
  }
}

function isBase64Name(value: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length > 0 && bytes.length <= MAX_NICKNAME_BYTES;
}
