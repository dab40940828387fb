import type { IotAnswer, SimulatedIotApi } from './api.ts';
import { cloudModuleName } from './device-model.ts';
import type { IotModules } from './profiles.ts';

/**
 * The TP-Link cloud binding of a legacy device: `cnCloud` (plugs, switches) or `smartlife.iot.common.cloud` (bulbs).
 * `get_info` reports `binded`, `cld_connection` and `server` (fixtures README); `bind {username,password}`,
 * `unbind` and `set_server_url {server}` (softScheck tplink-smartplug list) change them; `get_intl_fw_list` lists the firmware the cloud offers. Field names are the captures'.
 */
export interface OfferedFirmware {
  version: string;
  url: string;
}

const DEFAULT_SERVER = 'n-devs.tplinkcloud.com';
/** The owner account a bound lab device reports; the captures mask it the same way. */
const LAB_OWNER = 'owner@example.com';

/** Adds the cloud module if the capture lacks it and seeds its binding from the scenario's `cloud` setting. */
export function prepareCloudModule(modules: IotModules, cloud: boolean | undefined): string {
  const name = cloudModuleName(modules);
  modules[name] ??= {};
  const module = modules[name];
  if (typeof module.err_code === 'number' && module.err_code !== 0) return name;
  module.get_info ??= {
    binded: 0,
    cld_connection: 0,
    err_code: 0,
    fwDlPage: '',
    fwNotifyType: 0,
    illegalType: 0,
    server: DEFAULT_SERVER,
    stopConnect: 0,
    tcspInfo: '',
    tcspStatus: 0,
    username: '',
  };
  const info = module.get_info as Record<string, unknown>;
  if (cloud !== undefined) setBinding(info, cloud ? LAB_OWNER : undefined);
  return name;
}

/** Registers the writes and the firmware list on the device's API. */
export function installCloudHandlers(
  api: SimulatedIotApi,
  name: string,
  offered: () => OfferedFirmware | undefined,
): void {
  const info = () => (api.module(name)?.get_info ?? {}) as Record<string, unknown>;
  api.on(name, 'get_info', () => structuredClone(info()));
  api.on(name, 'bind', (params) => {
    if (typeof params.username !== 'string' || params.username === '') {
      return { err_code: -3, err_msg: 'invalid argument' }; // simulator's own code (real one unverified)
    }
    setBinding(info(), params.username);
    return { err_code: 0 };
  });
  api.on(name, 'set_server_url', (params) => {
    if (typeof params.server !== 'string' || !/^[a-z0-9.-]{1,253}$/i.test(params.server)) {
      return { err_code: -3, err_msg: 'invalid argument' }; // simulator's own code (real one unverified)
    }
    info().server = params.server;
    return { err_code: 0 };
  });
  api.on(name, 'unbind', () => {
    setBinding(info(), undefined);
    return { err_code: 0 };
  });
  const captured = api.module(name)?.get_intl_fw_list;
  api.on(name, 'get_intl_fw_list', (): IotAnswer => {
    const firmware = offered();
    if (!firmware) return structuredClone((captured as IotAnswer | undefined) ?? { err_code: 0, fw_list: [] });
    // Entry shape of KL130(EU) 1.8.8's capture.
    return {
      err_code: 0,
      fw_list: [
        {
          fwLocation: 0,
          fwReleaseDate: '',
          fwReleaseLog: 'Bug fixes and improvements.',
          fwReleaseLogUrl: 'undefined yet',
          fwTitle: 'Hi, a new firmware is available for your product.',
          fwType: 0,
          fwUrl: firmware.url,
          fwVer: firmware.version,
        },
      ],
    };
  });
}

function setBinding(info: Record<string, unknown>, owner: string | undefined): void {
  info.binded = owner ? 1 : 0;
  info.cld_connection = owner ? 1 : 0;
  info.username = owner ?? '';
}
