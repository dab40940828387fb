import { answer, ENTRY_NOT_EXIST, INVALID_ARGUMENT, type IotAnswer, OK } from '../iot-errors.ts';
import { DEVICE_OUTLET } from '../power-state.ts';
import { flagParam, type IotDeviceContext } from './context.ts';

/**
 * The `system` module (and a bulb's `smartlife.iot.common.system`): sysinfo, relay, alias, LED, location, reboot and
 * the firmware download (softScheck tplink-smartplug command list; LB130 protocol notes for the bulb module).
 */
export interface IotSystemHooks {
  downloadFirmware(url: string): IotAnswer;
  downloadState(): IotAnswer;
  flashFirmware(): IotAnswer;
  reboot(delaySeconds: number): void;
}

/** Alias limit of the Kasa app; the simulator refuses longer names rather than storing them (own rule). */
const MAX_ALIAS_LENGTH = 64;

/** Installs the system methods on `system` and, for bulbs, `smartlife.iot.common.system`. */
export function installSystem(ctx: IotDeviceContext, hooks: IotSystemHooks): void {
  const { api, power, plan } = ctx;
  api.on('system', 'get_sysinfo', () => power.liveSysinfo());
  const writable = plan.kind === 'bulb' ? ['system', ...plan.system] : plan.system;
  for (const module of writable) {
    api.on(module, 'set_dev_alias', (p, children) => setAlias(ctx, p.alias, children));
    api.on(module, 'set_dev_location', (p) => setLocation(ctx, p));
    api.on(module, 'reboot', (p) => {
      hooks.reboot(typeof p.delay === 'number' && p.delay >= 0 ? p.delay : 1);
      return answer(OK);
    });
  }
  if (plan.kind === 'plug') {
    api.on('system', 'set_relay_state', (p, children) => {
      const state = flagParam(p, 'state');
      const ids = power.resolve(children);
      if (state === undefined) return answer(INVALID_ARGUMENT);
      if (!ids) return answer(ENTRY_NOT_EXIST);
      power.switch(ids, state === 1);
      return answer(OK);
    });
    api.on('system', 'set_led_off', (p) => {
      const off = flagParam(p, 'off');
      if (off === undefined) return answer(INVALID_ARGUMENT);
      api.sysinfo.led_off = off;
      return answer(OK);
    });
  }
  api.on('system', 'download_firmware', (p) => hooks.downloadFirmware(typeof p.url === 'string' ? p.url : ''));
  api.on('system', 'get_download_state', () => hooks.downloadState());
  api.on('system', 'flash_firmware', () => hooks.flashFirmware());
}

function setAlias(ctx: IotDeviceContext, alias: unknown, childIds: string[]): IotAnswer {
  if (typeof alias !== 'string' || alias.length > MAX_ALIAS_LENGTH) return answer(INVALID_ARGUMENT);
  if (childIds.length === 0) {
    ctx.api.sysinfo.alias = alias;
    return answer(OK);
  }
  const ids = ctx.power.resolve(childIds);
  const children = Array.isArray(ctx.api.sysinfo.children) ? ctx.api.sysinfo.children : [];
  if (!ids || ids.includes(DEVICE_OUTLET)) return answer(ENTRY_NOT_EXIST);
  for (const child of children) if (ids.includes(child.id)) child.alias = alias;
  return answer(OK);
}

/**
 * Older firmware keeps `latitude`/`longitude` floats, newer `latitude_i`/`longitude_i` in 1e-4 degrees (see the
 * iot captures); tplink-smarthome-api sends both, and the device stores the form its sysinfo has.
 */
function setLocation(ctx: IotDeviceContext, params: Record<string, unknown>): IotAnswer {
  const sysinfo = ctx.api.sysinfo;
  const lat = typeof params.latitude === 'number' ? params.latitude : undefined;
  const lon = typeof params.longitude === 'number' ? params.longitude : undefined;
  const latI = typeof params.latitude_i === 'number' ? params.latitude_i : lat === undefined ? undefined : lat * 1e4;
  const lonI = typeof params.longitude_i === 'number' ? params.longitude_i : lon === undefined ? undefined : lon * 1e4;
  if (latI === undefined || lonI === undefined || Math.abs(latI) > 90e4 || Math.abs(lonI) > 180e4) {
    return answer(INVALID_ARGUMENT);
  }
  if ('latitude_i' in sysinfo || !('latitude' in sysinfo)) {
    sysinfo.latitude_i = Math.round(latI);
    sysinfo.longitude_i = Math.round(lonI);
  }
  if ('latitude' in sysinfo) {
    sysinfo.latitude = latI / 1e4;
    sysinfo.longitude = lonI / 1e4;
  }
  return answer(OK);
}
