/**
 * The error answers of a simulated legacy device. Each says where its shape comes from; the ones marked "own" are the
 * simulator's reconstruction because no public capture records the real answer.
 */
export type IotAnswer = Record<string, unknown>;

/** A module the model lacks: `{"<module>":{"err_code":-1,"err_msg":"module not support"}}` (every iot capture). */
export const MODULE_NOT_SUPPORTED = { err_code: -1, err_msg: 'module not support' } as const;
/** A method a known module lacks (a real HS300 answer kept in python-kasa `devtools/bench/utils/data.py`). */
export const MEMBER_NOT_SUPPORTED = { err_code: -2, err_msg: 'member not support' } as const;
/** A bulb refusing a light state it cannot show (pyHS100 PR #173 quotes a real LB130 answer). */
export const BULB_INVALID_INPUT = { err_code: -10000, err_msg: 'Invalid input argument' } as const;

/** Own: a parameter that is missing or of the wrong type. */
export const INVALID_ARGUMENT = { err_code: -3, err_msg: 'invalid argument' } as const;
/** Own: a rule or child id the device does not hold. */
export const ENTRY_NOT_EXIST = { err_code: -14, err_msg: 'entry not exist' } as const;
/** Own: a second countdown rule (the device holds one: softScheck tplink-smartplug "only one allowed"). */
export const TABLE_FULL = { err_code: -15, err_msg: 'table is full' } as const;

/** Success without data. */
export const OK = { err_code: 0 } as const;

/** A fresh copy of an error answer (answers are serialised, but callers may add fields). */
export function answer(shape: IotAnswer): IotAnswer {
  return { ...shape };
}
