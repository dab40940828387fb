import { isObject } from '../../tplink/discovery.ts';
import type { IotModules } from './profiles.ts';

/**
 * Which modules a simulated legacy device serves, and under which names. The captures record a module the model
 * lacks as "module not support" (HS100(US) 1.2.5 and `emeter`, KL430(US) 1.0 and the bulb lighting service); a
 * module they recorded with data is present; anything else follows the model family, as the clients expect it:
 * - plugs and switches (`IOT.SMARTPLUGSWITCH`): `system`, `time`, `schedule`, `count_down`, `anti_theft`, `netif`,
 *   `cnCloud` (softScheck tplink-smartplug command list for HS100/HS110; tplink-smarthome-api `Plug.apiModules`),
 *   `emeter` only when `feature` says `ENE` (the firmware's own capability string: HS110 `TIM:ENE`, HS103 `TIM`),
 *   `smartlife.iot.dimmer` when sysinfo has `brightness` (HS220, KS220, ES20M captures);
 * - bulbs (`IOT.SMARTBULB`): the `smartlife.iot.common.*` modules (system, timesetting, schedule, anti_theft, emeter,
 *   cloud), `netif`, and `smartlife.iot.smartbulb.lightingservice`, or `smartlife.iot.lightStrip` with its
 *   `set_light_state` for light strips, which report `length` (LB130 protocol notes; tplink-smarthome-api Bulb).
 */
export interface IotModulePlan {
  kind: 'plug' | 'bulb';
  /** Modules that take the system writes (alias, reboot, location). */
  system: string[];
  time: string;
  schedule: string;
  antiTheft: string;
  countdown: string | undefined;
  emeter: { module: string; units: EmeterUnits } | undefined;
  light: { module: string; setter: 'transition_light_state' | 'set_light_state' } | undefined;
  dimmer: string | undefined;
  netif: string;
}

/**
 * `v1`: HS110 v1 floats in V/A/W/kWh (`voltage`, `current`, `power`, `total`); `v2`: newer meters' integers in
 * mV/mA/mW/Wh; `bulb`: `power_mw` and `total_wh` only (KL125, KL135, KL430 captures).
 */
export type EmeterUnits = 'v1' | 'v2' | 'bulb';

/** True when the capture recorded the module as unsupported. */
export function isUnsupported(modules: IotModules, name: string): boolean {
  const table = modules[name];
  return table !== undefined && typeof table.err_code === 'number' && table.err_code !== 0;
}

/**
 * python-kasa records an unsupported module either at module level or per method (HS103(US) 1.5.7:
 * `{"emeter":{"get_realtime":{"err_code":-1,"err_msg":"module not support"}}}`). The device answers at module level,
 * so a table whose every method holds that error becomes the module-level error.
 */
export function normalizeUnsupported(modules: IotModules): void {
  for (const [name, table] of Object.entries(modules)) {
    const methods = Object.values(table);
    const allUnsupported =
      methods.length > 0 &&
      methods.every(
        (m) => isObject(m) && m.err_code === -1 && String(m.err_msg).toLowerCase() === 'module not support',
      );
    if (allUnsupported && typeof table.err_code !== 'number') modules[name] = { ...(methods[0] as object) };
  }
}

function sysinfoOf(modules: IotModules): Record<string, unknown> {
  return (modules.system as { get_sysinfo: Record<string, unknown> }).get_sysinfo;
}

/** The modules this device serves. */
export function planModules(modules: IotModules): IotModulePlan {
  const sysinfo = sysinfoOf(modules);
  const available = (name: string) => !isUnsupported(modules, name);
  const bulb = (sysinfo.mic_type ?? sysinfo.type) === 'IOT.SMARTBULB';
  if (bulb) {
    const strip = typeof sysinfo.length === 'number' && sysinfo.length > 0;
    const light = strip
      ? { module: 'smartlife.iot.lightStrip', setter: 'set_light_state' as const }
      : { module: 'smartlife.iot.smartbulb.lightingservice', setter: 'transition_light_state' as const };
    const emeterModule = 'smartlife.iot.common.emeter';
    return {
      kind: 'bulb',
      system: ['smartlife.iot.common.system'],
      time: 'smartlife.iot.common.timesetting',
      schedule: 'smartlife.iot.common.schedule',
      antiTheft: 'smartlife.iot.common.anti_theft',
      countdown: undefined,
      emeter: available(emeterModule) ? { module: emeterModule, units: 'bulb' } : undefined,
      light: available(light.module) ? light : undefined,
      dimmer: undefined,
      netif: 'netif',
    };
  }
  const metered = typeof sysinfo.feature === 'string' && sysinfo.feature.includes('ENE') && available('emeter');
  return {
    kind: 'plug',
    system: ['system'],
    time: 'time',
    schedule: 'schedule',
    antiTheft: 'anti_theft',
    countdown: 'count_down',
    emeter: metered ? { module: 'emeter', units: emeterUnits(modules.emeter) } : undefined,
    light: undefined,
    dimmer: 'brightness' in sysinfo && available('smartlife.iot.dimmer') ? 'smartlife.iot.dimmer' : undefined,
    netif: 'netif',
  };
}

function emeterUnits(table: Record<string, unknown> | undefined): EmeterUnits {
  const realtime = table?.get_realtime;
  return isObject(realtime) && 'power' in realtime ? 'v1' : 'v2';
}
