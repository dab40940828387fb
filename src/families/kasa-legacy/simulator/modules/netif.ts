import { answer, INVALID_ARGUMENT, OK } from '../iot-errors.ts';
import type { IotDeviceContext } from './context.ts';

/**
 * `netif`: `get_scaninfo {refresh, timeout}` lists the access points the device sees, `set_stainfo {ssid, password,
 * key_type}` joins one (softScheck tplink-smartplug list; tplink-smarthome-api `Netif`). The lab has one Wi-Fi
 * network, the one the device is on. Joining another would take a real device off this network; the simulator
 * accepts a well-formed request and stays, so a lab is never left with a device that cannot come back.
 */
export interface LabWifi {
  ssid: string;
}

const KEY_TYPES = [0, 1, 2, 3];

/** Installs `get_scaninfo` and `set_stainfo` on the plan's netif module. */
export function installNetif(ctx: IotDeviceContext, wifi: LabWifi): void {
  const { api, plan } = ctx;
  api.on(plan.netif, 'get_scaninfo', () => ({
    // Entry shape: ssid and key_type (3 = WPA2, softScheck's set_stainfo example).
    ap_list: [{ ssid: wifi.ssid, key_type: 3 }],
    err_code: 0,
  }));
  api.on(plan.netif, 'set_stainfo', (p) => {
    const valid =
      typeof p.ssid === 'string' &&
      p.ssid.length > 0 &&
      p.ssid.length <= 32 &&
      typeof p.key_type === 'number' &&
      KEY_TYPES.includes(p.key_type) &&
      (p.key_type === 0 || (typeof p.password === 'string' && p.password.length >= 8));
    return valid ? answer(OK) : answer(INVALID_ARGUMENT);
  });
}
