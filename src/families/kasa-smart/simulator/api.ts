import { isObject } from '../../tplink/discovery.ts';

/**
 * The SMART request dispatcher of a simulated Kasa/Tapo device (behind KLAP or AES): `{"method":…,"params":…}` →
 * `{"error_code":0,"result":…}`, and `multipleRequest {requests:[…]}` → `{"result":{"responses":[…]}}`
 * (python-kasa `smartprotocol.py`). A method answers from its handler when the device installed one, else from the
 * capture's method table. Error codes are python-kasa's `SmartErrorCode` values: a method the device does not have
 * answers UNKNOWN_METHOD_ERROR (-1002) — the code python-kasa treats as "optional method missing" in its energy
 * and firmware modules — and a malformed parameter PARAMS_ERROR (-1008).
 */
export type SmartMethods = Record<string, Record<string, unknown>>;
/** A SMART answer: `{error_code, result?}`. */
export type SmartAnswer = Record<string, unknown>;
/** Answers one method from its params. */
export type SmartHandler = (params: Record<string, unknown>) => SmartAnswer;

/** SmartErrorCode.UNKNOWN_METHOD_ERROR (python-kasa exceptions.py). */
export const UNKNOWN_METHOD = -1002;
/** SmartErrorCode.PARAMS_ERROR (python-kasa exceptions.py). */
export const PARAMS_ERROR = -1008;

/** `{"error_code":0,"result":…}`, or `{"error_code":0}` for writes that return nothing. */
export function ok(result?: Record<string, unknown>): SmartAnswer {
  return result === undefined ? { error_code: 0 } : { error_code: 0, result };
}

/** `{"error_code":code}`. */
export function fail(code: number): SmartAnswer {
  return { error_code: code };
}

/** Answers SMART requests from handlers and a method table. */
export class SimulatedSmartApi {
  readonly #methods: SmartMethods;
  readonly #handlers = new Map<string, SmartHandler>();

  constructor(methods: SmartMethods) {
    this.#methods = methods;
  }

  /** A method's stored result (writes change it), for handlers and tests. */
  read(method: string): Record<string, unknown> | undefined {
    return this.#methods[method];
  }

  /** True when the device answers `method` (from its table or a handler). */
  has(method: string): boolean {
    return this.#handlers.has(method) || this.#methods[method] !== undefined;
  }

  on(method: string, handler: SmartHandler): void {
    this.#handlers.set(method, handler);
  }

  handle(request: Record<string, unknown>): SmartAnswer {
    const method = request.method;
    const params = isObject(request.params) ? request.params : {};
    if (method === 'multipleRequest') {
      const requests = Array.isArray(params.requests) ? params.requests.filter(isObject) : [];
      const responses = requests.map((inner) => ({ method: inner.method, ...this.handle(inner) }));
      return ok({ responses });
    }
    if (typeof method !== 'string') return fail(UNKNOWN_METHOD);
    const handler = this.#handlers.get(method);
    if (handler) return handler(params);
    const result = this.#methods[method];
    return result ? ok(structuredClone(result)) : fail(UNKNOWN_METHOD);
  }

  /**
   * Merges `params` into a stored result: every key must already be there with a value of the same type, as a
   * device refuses settings it does not have (PARAMS_ERROR otherwise).
   */
  merge(method: string, params: Record<string, unknown>, writable?: readonly string[]): SmartAnswer {
    const target = this.#methods[method];
    if (!target) return fail(UNKNOWN_METHOD);
    const keys = Object.keys(params);
    const bad = (k: string) =>
      (writable !== undefined && !writable.includes(k)) || !(k in target) || typeof params[k] !== typeof target[k];
    if (keys.length === 0 || keys.some(bad)) return fail(PARAMS_ERROR);
    Object.assign(target, structuredClone(params));
    return ok();
  }
}
