import { isObject } from '../../tplink/discovery.ts';
import { type IotAnswer, MEMBER_NOT_SUPPORTED, MODULE_NOT_SUPPORTED } from './iot-errors.ts';
import type { IotModules } from './profiles.ts';

export type { IotAnswer } from './iot-errors.ts';
export { MODULE_NOT_SUPPORTED } from './iot-errors.ts';

/**
 * The request dispatcher of a simulated legacy device, independent of transport (TCP 9999, UDP 9999, or KLAP after
 * the firmware switch). A method answers from its handler when the device module installed one, else from the
 * capture's module table. Error shapes are the real ones (see iot-errors.ts): an unknown module answers "module not
 * support" at module level, an unknown method of a known module "member not support".
 */
export type IotParams = Record<string, unknown>;
/** `childIds` are the request's `context.child_ids`, for strips (HS300: one socket by id). */
export type IotHandler = (params: IotParams, childIds: string[]) => IotAnswer;

/** Answers legacy requests from handlers and a module table. */
export class SimulatedIotApi {
  readonly #modules: IotModules;
  readonly #handlers = new Map<string, IotHandler>();

  /** `modules` must be the simulator's own copy: writes change it. `system.get_sysinfo` must be present. */
  constructor(modules: IotModules) {
    this.#modules = modules;
  }

  /** The stored sysinfo (writes change it; readers get a live view through the `get_sysinfo` handler). */
  get sysinfo(): Record<string, unknown> {
    return (this.#modules.system as { get_sysinfo: Record<string, unknown> }).get_sysinfo;
  }

  /** A module's table, for the modules that keep their data there. */
  module(name: string): Record<string, unknown> | undefined {
    return this.#modules[name];
  }

  /** Installs a method; the module becomes supported if the capture did not have it. */
  on(module: string, method: string, handler: IotHandler): void {
    this.#handlers.set(`${module}.${method}`, handler);
    this.#modules[module] ??= {};
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
      // Clients send `{}`, `null` or `""` as "no parameters" (softScheck list, LB130 notes).
      if (handler) out[method] = handler(isObject(params) ? params : {}, childIds);
      else if (isObject(table[method])) out[method] = structuredClone(table[method]);
      else out[method] = { ...MEMBER_NOT_SUPPORTED };
    }
    return out;
  }
}
