import { isObject } from '../../tplink/discovery.ts';

/**
 * The SMART request dispatcher of a simulated Kasa/Tapo device (behind KLAP or AES): `{"method":…,"params":…}` →
 * `{"error_code":0,"result":…}`, and `multipleRequest {requests:[…]}` → `{"result":{"responses":[…]}}`
 * (python-kasa `smartprotocol.py`). Reads come from the capture's method table; writes change it. Unknown methods
 * answer `UNKNOWN_METHOD_ERROR` (-1002, python-kasa `SmartErrorCode`).
 */
export type SmartMethods = Record<string, Record<string, unknown>>;
type SmartAnswer = Record<string, unknown>;
type Writer = (params: Record<string, unknown>) => SmartAnswer;

const UNKNOWN_METHOD = -1002;
const PARAMS_ERROR = -1008;

/** Answers SMART requests from a method table that writes change. */
export class SimulatedSmartApi {
  readonly #methods: SmartMethods;
  readonly #writers = new Map<string, Writer>();

  constructor(methods: SmartMethods) {
    this.#methods = methods;
    this.#writers.set('set_device_info', (params) => this.#merge('get_device_info', params, DEVICE_INFO_WRITABLE));
    this.#writers.set('set_auto_update_info', (params) => this.#merge('get_auto_update_info', params, ['enable']));
  }

  /** A method's current result, for the simulator's own bookkeeping and tests. */
  read(method: string): Record<string, unknown> | undefined {
    return this.#methods[method];
  }

  handle(request: Record<string, unknown>): SmartAnswer {
    const method = request.method;
    const params = isObject(request.params) ? request.params : {};
    if (method === 'multipleRequest') {
      const requests = Array.isArray(params.requests) ? params.requests.filter(isObject) : [];
      const responses = requests.map((inner) => ({ method: inner.method, ...this.handle(inner) }));
      return { error_code: 0, result: { responses } };
    }
    if (typeof method !== 'string') return { error_code: UNKNOWN_METHOD };
    const writer = this.#writers.get(method);
    if (writer) return writer(params);
    const result = this.#methods[method];
    return result ? { error_code: 0, result: structuredClone(result) } : { error_code: UNKNOWN_METHOD };
  }

  #merge(method: string, params: Record<string, unknown>, writable: readonly string[]): SmartAnswer {
    const target = this.#methods[method];
    if (!target) return { error_code: UNKNOWN_METHOD };
    const keys = Object.keys(params);
    if (keys.length === 0 || keys.some((k) => !writable.includes(k) || typeof params[k] !== typeof target[k])) {
      return { error_code: PARAMS_ERROR };
    }
    Object.assign(target, params);
    return { error_code: 0 };
  }
}

/** Fields of get_device_info an app may set (python-kasa smart modules: on/off, nickname, LED-less basics). */
const DEVICE_INFO_WRITABLE = ['device_on', 'nickname', 'brightness', 'avatar'] as const;
