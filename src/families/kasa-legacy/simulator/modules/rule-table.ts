import { randomBytes } from 'node:crypto';
import { isObject } from '../../../tplink/discovery.ts';
import { answer, ENTRY_NOT_EXIST, INVALID_ARGUMENT, type IotAnswer, TABLE_FULL } from '../iot-errors.ts';

/**
 * The rule list of one rule module: `schedule` (or `smartlife.iot.common.schedule`), `count_down`, `anti_theft`.
 * They share one protocol (softScheck tplink-smartplug list; LB130 protocol notes): `get_rules` →
 * `{rule_list, enable, version?}`, `add_rule {…}` → `{id}` (32 upper-case hex digits), `edit_rule {id, …}`,
 * `delete_rule {id}`, `delete_all_rules`, `set_overall_enable {enable}`. Rules are stored with the integer flags the
 * devices report (`"wday":[1,0,1,0,1,0,0]`, `"repeat":1`) even when a client sends booleans (tplink-smarthome-api
 * builds `wday` and `repeat` as booleans).
 */
export type RuleKind = 'schedule' | 'countdown' | 'antitheft';

/** A rule as stored, with what the protocol does not show. */
export interface StoredRule {
  rule: Record<string, unknown>;
  /** Lab-clock ms when a countdown started (add, edit or enable). */
  startedAt: number | undefined;
  /** The strip sockets the rule was added for (`context.child_ids`); empty for the whole device. */
  outlets: string[];
}

/** Own limits: a countdown holds one rule ("only one allowed", softScheck); lists hold 32 like Tapo's schedules. */
const MAX_RULES: Record<RuleKind, number> = { schedule: 32, countdown: 1, antitheft: 32 };
const MINUTES_PER_DAY = 1440;

const isFlag = (v: unknown) => v === 0 || v === 1 || typeof v === 'boolean';
const toFlag = (v: unknown) => (v === true || v === 1 ? 1 : 0);
const isMinute = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < MINUTES_PER_DAY;

/** A rule module's rules. `changed` runs after every write, so timers and sysinfo follow. */
export class IotRuleTable {
  readonly kind: RuleKind;
  readonly #rules: StoredRule[] = [];
  readonly #changed: () => void;
  readonly #now: () => number;
  #enable: 0 | 1;
  #version: unknown;

  constructor(kind: RuleKind, captured: unknown, now: () => number, changed: () => void) {
    this.kind = kind;
    this.#now = now;
    this.#changed = changed;
    const list = isObject(captured) && Array.isArray(captured.rule_list) ? captured.rule_list : [];
    for (const rule of list) if (isObject(rule)) this.#rules.push({ rule: { ...rule }, startedAt: now(), outlets: [] });
    this.#enable = isObject(captured) && captured.enable === 0 ? 0 : 1;
    this.#version = isObject(captured) ? captured.version : undefined;
  }

  get enabled(): boolean {
    return this.#enable === 1;
  }

  rules(): readonly StoredRule[] {
    return this.#rules;
  }

  /** `get_rules`: a countdown also reports the seconds left (`remain`, own field name after Tapo's countdown). */
  list(): IotAnswer {
    const rule_list = this.#rules.map(({ rule, startedAt }) => {
      if (this.kind !== 'countdown') return structuredClone(rule);
      return { ...structuredClone(rule), remain: this.remainingS({ rule, startedAt, outlets: [] }) };
    });
    return {
      rule_list,
      enable: this.#enable,
      ...(this.#version === undefined ? {} : { version: this.#version }),
      err_code: 0,
    };
  }

  /** Seconds until a countdown fires; 0 when it is disabled or has fired. */
  remainingS(stored: StoredRule): number {
    const delay = stored.rule.delay;
    if (stored.rule.enable !== 1 || typeof delay !== 'number' || stored.startedAt === undefined) return 0;
    return Math.max(0, delay - Math.floor((this.#now() - stored.startedAt) / 1000));
  }

  add(params: Record<string, unknown>, outlets: string[]): IotAnswer {
    if (this.#rules.length >= MAX_RULES[this.kind]) return answer(TABLE_FULL);
    const rule = this.#validated(params);
    if (!rule) return answer(INVALID_ARGUMENT);
    const id = randomBytes(16).toString('hex').toUpperCase();
    this.#rules.push({ rule: { id, ...rule }, startedAt: this.#now(), outlets });
    this.#changed();
    return { id, err_code: 0 };
  }

  edit(params: Record<string, unknown>): IotAnswer {
    const stored = this.#rules.find((r) => r.rule.id === params.id);
    if (!stored) return answer(ENTRY_NOT_EXIST);
    const rule = this.#validated(params);
    if (!rule) return answer(INVALID_ARGUMENT);
    stored.rule = { id: stored.rule.id, ...rule };
    stored.startedAt = this.#now();
    this.#changed();
    return { err_code: 0 };
  }

  delete(params: Record<string, unknown>): IotAnswer {
    const index = this.#rules.findIndex((r) => r.rule.id === params.id);
    if (index < 0) return answer(ENTRY_NOT_EXIST);
    this.#rules.splice(index, 1);
    this.#changed();
    return { err_code: 0 };
  }

  deleteAll(): IotAnswer {
    this.#rules.length = 0;
    this.#changed();
    return { err_code: 0 };
  }

  setOverallEnable(params: Record<string, unknown>): IotAnswer {
    if (!isFlag(params.enable)) return answer(INVALID_ARGUMENT);
    this.#enable = toFlag(params.enable);
    this.#changed();
    return { err_code: 0 };
  }

  /** Marks a countdown as done after it fired (the rule stays, disabled). */
  finish(stored: StoredRule): void {
    stored.rule.enable = 0;
    this.#changed();
  }

  #validated(params: Record<string, unknown>): Record<string, unknown> | undefined {
    const { id: _ignored, ...rule } = params;
    if (!isFlag(rule.enable)) return undefined;
    rule.enable = toFlag(rule.enable);
    if (this.kind === 'countdown') {
      const ok = typeof rule.delay === 'number' && Number.isInteger(rule.delay) && rule.delay > 0 && isFlag(rule.act);
      if (!ok) return undefined;
      rule.act = toFlag(rule.act);
      return rule;
    }
    if (!isMinute(rule.smin) && rule.stime_opt !== 1 && rule.stime_opt !== 2) return undefined;
    if (this.kind === 'schedule' && typeof rule.sact !== 'number') return undefined;
    if (this.kind === 'antitheft' && !isMinute(rule.emin) && rule.etime_opt !== 1 && rule.etime_opt !== 2) {
      return undefined;
    }
    if (rule.wday !== undefined) {
      if (!Array.isArray(rule.wday) || rule.wday.length !== 7 || !rule.wday.every(isFlag)) return undefined;
      rule.wday = rule.wday.map(toFlag);
    }
    if (rule.repeat !== undefined) {
      if (!isFlag(rule.repeat)) return undefined;
      rule.repeat = toFlag(rule.repeat);
    }
    return rule;
  }
}
