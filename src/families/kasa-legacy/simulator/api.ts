import { isObject } from '../../tplink/discovery.ts';
import type { IotModules } from './profiles.ts';

/**
 * The request dispatcher of a simulated legacy device, independent of transport (TCP 9999, UDP 9999, or KLAP after
 * the firmware switch). Reads answer from the capture's module table; a few writes change it, so later reads show
 * them. Error shapes are the real ones: an unknown module answers `{"<module>":{"err_code":-1,"err_msg":"module not
 * support"}}` (fixtures README), an unknown method in a known module `{"<module>":{"<method>":{"err_code":-2,
 * "err_msg":"member not support"}}}` (a real HS300 answer kept in python-kasa `devtools/bench/utils/data.py`).
 */
export type IotAnswer = Record<string, unknown>;
type Params = Record<string, unknown>;
type Handler = (params: Params, childIds: string[]) => IotAnswer;

/** What the device does beyond its tables: firmware and reboots. */
export interface IotDeviceHooks {
  downloadFirmware(url: string): IotAnswer;
  downloadState(): IotAnswer;
  flashFirmware(): IotAnswer;
  reboot(delaySeconds: number): void;
}

export const MODULE_NOT_SUPPORTED = { err_code: -1, err_msg: 'module not support' };
const MEMBER_NOT_SUPPORTED = { err_code: -2, err_msg: 'member not support' };
const OK = { err_code: 0 };

/** Answers legacy requests from a module table that writes change. */
export class SimulatedIotApi {
  readonly #modules: IotModules;
  readonly #handlers = new Map<string, Handler>();

  /** `modules` must be the simulator's own copy: writes change it. `system.get_sysinfo` must be present. */
  constructor(modules: IotModules, hooks: IotDeviceHooks) {
    this.#modules = modules;
    const systemModules = ['system', ...(this.#isBulb() ? ['smartlife.iot.common.system'] : [])];
    for (const module of systemModules) {
      this.#on(module, 'set_dev_alias', (p, children) => this.#setOnDeviceOrChildren(children, 'alias', p.alias));
      this.#on(module, 'reboot', (p) => {
        hooks.reboot(typeof p.delay === 'number' ? p.delay : 1);
        return { ...OK };
      });
    }
    if ('relay_state' in this.sysinfo || Array.isArray(this.sysinfo.children)) {
      this.#on('system', 'set_relay_state', (p, children) => this.#setOnDeviceOrChildren(children, 'state', p.state));
    }
    this.#on('system', 'set_led_off', (p) => this.#setSysinfo('led_off', p.off));
    // Firmware over the legacy API: download_firmware {url} → get_download_state → flash_firmware
    // (command list of softScheck's tplink-smartplug research, the reference for this protocol).
    this.#on('system', 'download_firmware', (p) => hooks.downloadFirmware(typeof p.url === 'string' ? p.url : ''));
    this.#on('system', 'get_download_state', () => hooks.downloadState());
    this.#on('system', 'flash_firmware', () => hooks.flashFirmware());
  }

  get sysinfo(): Record<string, unknown> {
    return (this.#modules.system as { get_sysinfo: Record<string, unknown> }).get_sysinfo;
  }

  /** The module table, for modules the simulator itself manages (the cloud module). */
  module(name: string): Record<string, unknown> | undefined {
    return this.#modules[name];
  }

  on(module: string, method: string, handler: (params: Params) => IotAnswer): void {
    this.#on(module, method, (params) => handler(params));
  }

  /** Answers one request object; every module in it is answered, as real devices do. */
  handle(request: Record<string, unknown>): IotAnswer {
    const context = request.context;
    const childIds =
      isObject(context) && Array.isArray(context.child_ids)
        ? context.child_ids.filter((id): id is string => typeof id === 'string')
        : [];
    const answer: IotAnswer = {};
    for (const [module, methods] of Object.entries(request)) {
      if (module === 'context') continue;
      answer[module] = this.#answerModule(module, methods, childIds);
    }
    return answer;
  }

  #answerModule(module: string, methods: unknown, childIds: string[]): unknown {
    const table = this.#modules[module];
    if (!table) return { ...MODULE_NOT_SUPPORTED };
    // A capture may record the whole module as unsupported (HS100(US) 1.2.5 and `emeter`).
    if (typeof table.err_code === 'number' && table.err_code !== 0) return structuredClone(table);
    if (!isObject(methods)) return { ...MEMBER_NOT_SUPPORTED };
    const out: Record<string, unknown> = {};
    for (const [method, params] of Object.entries(methods)) {
      const handler = this.#handlers.get(`${module}.${method}`);
      if (handler) out[method] = handler(isObject(params) ? params : {}, childIds);
      else if (isObject(table[method])) out[method] = structuredClone(table[method]);
      else out[method] = { ...MEMBER_NOT_SUPPORTED };
    }
    return out;
  }

  #on(module: string, method: string, handler: Handler): void {
    this.#handlers.set(`${module}.${method}`, handler);
    this.#modules[module] ??= {};
  }

  #setSysinfo(field: string, value: unknown): IotAnswer {
    // A value of the wrong type is refused rather than stored; the code is the simulator's own (real one unverified).
    if (field in this.sysinfo && typeof value !== typeof this.sysinfo[field]) {
      return { err_code: -3, err_msg: 'invalid argument' };
    }
    this.sysinfo[field] = value;
    return { ...OK };
  }

  #setOnDeviceOrChildren(childIds: string[], field: 'alias' | 'state', value: unknown): IotAnswer {
    if (childIds.length === 0) return this.#setSysinfo(field === 'state' ? 'relay_state' : 'alias', value);
    const children = Array.isArray(this.sysinfo.children)
      ? (this.sysinfo.children as Array<Record<string, unknown>>)
      : [];
    // Children ids are either the full id or the two-digit suffix after the parent's deviceId (python-kasa iotstrip).
    const matches = children.filter((c) => childIds.some((id) => typeof c.id === 'string' && c.id.endsWith(id)));
    if (matches.length === 0) return { err_code: -14, err_msg: 'entry not exist' }; // simulator's own code
    for (const child of matches) child[field] = value;
    return { ...OK };
  }

  #isBulb(): boolean {
    return this.sysinfo.mic_type === 'IOT.SMARTBULB' || this.sysinfo.type === 'IOT.SMARTBULB';
  }
}
