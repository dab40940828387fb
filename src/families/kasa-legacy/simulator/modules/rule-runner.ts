import type { IotDeviceContext } from './context.ts';
import type { IotRuleTable, StoredRule } from './rule-table.ts';

/**
 * Runs the rules of a simulated legacy device on its clock: a countdown switches its outlet `delay` seconds after it
 * was set (then stays in the list, disabled); a schedule rule switches at `smin` minutes after local midnight on the
 * weekdays its `wday` marks (`repeat: 1`), or once on its `year`/`month`/`day` (`repeat: 0`, then disabled). Rules
 * timed by sunrise or sunset (`stime_opt` 1/2) need the sun's position and are listed but never fire in the lab;
 * anti-theft (random switching while away) is listed but not run either. One timer per device, only while a rule is
 * due, so an idle lab holds no timers.
 */
export interface RuleAction {
  rule: Record<string, unknown>;
  outlets: string[];
  source: 'countdown' | 'schedule';
}

/** The next schedule rule due, as `get_next_action` reports it. */
export interface NextAction {
  rule: StoredRule;
  /** Seconds after local midnight of the day it fires (the sysinfo `next_action.schd_sec` of HS103 1.5.7). */
  schdSec: number;
  inMs: number;
}

/** Longest single wait; then the next event is computed again (setTimeout cannot wait longer than ~24.8 days). */
const MAX_WAIT_MS = 6 * 3_600_000;
const DAY_S = 86_400;

/** Waits for the next due rule and applies it. */
export class IotRuleRunner {
  readonly #ctx: IotDeviceContext;
  readonly #tables: IotRuleTable[];
  readonly #apply: (action: RuleAction) => void;
  #wait: AbortController | undefined;

  constructor(ctx: IotDeviceContext, tables: IotRuleTable[], apply: (action: RuleAction) => void) {
    this.#ctx = ctx;
    this.#tables = tables;
    this.#apply = apply;
  }

  /** The next schedule rule to fire, if any. */
  nextSchedule(): NextAction | undefined {
    const table = this.#tables.find((t) => t.kind === 'schedule');
    if (!table?.enabled || !table.rules().some((r) => r.rule.enable === 1)) return undefined;
    const now = this.#ctx.deviceClock.local();
    const nowS = now.hour * 3600 + now.minute * 60 + now.second;
    let best: NextAction | undefined;
    for (const stored of table.rules()) {
      const { rule } = stored;
      if (rule.enable !== 1 || (rule.stime_opt !== undefined && rule.stime_opt !== 0)) continue;
      const schdSec = (rule.smin as number) * 60;
      for (let offset = 0; offset <= 7; offset++) {
        const inS = offset * DAY_S + schdSec - nowS;
        if (inS <= 0 || !firesOn(rule, this.#ctx.deviceClock.local(this.#ctx.deviceClock.nowMs() + inS * 1000))) {
          continue;
        }
        if (!best || inS * 1000 < best.inMs) best = { rule: stored, schdSec, inMs: inS * 1000 };
        break;
      }
    }
    return best;
  }

  /** Call after any rule or clock change: replaces the pending wait. */
  reschedule(): void {
    this.#wait?.abort();
    this.#wait = undefined;
    const due = this.#nextDue();
    if (!due || this.#ctx.signal.aborted) return;
    const wait = new AbortController();
    this.#wait = wait;
    const signal = AbortSignal.any([wait.signal, this.#ctx.signal]);
    this.#ctx.clock.sleep(Math.min(due.inMs, MAX_WAIT_MS), signal).then(
      () => {
        if (due.inMs <= MAX_WAIT_MS) this.#fire(due);
        this.reschedule();
      },
      () => undefined,
    );
  }

  #fire(due: Due): void {
    const { rule, outlets } = due.stored;
    if (rule.enable !== 1) return;
    this.#apply({ rule, outlets, source: due.source });
    if (due.source === 'countdown' || rule.repeat === 0) due.table.finish(due.stored);
  }

  #nextDue(): Due | undefined {
    let best: Due | undefined;
    const now = this.#ctx.clock.now();
    for (const table of this.#tables.filter((t) => t.kind === 'countdown')) {
      for (const stored of table.rules()) {
        if (stored.rule.enable !== 1 || stored.startedAt === undefined) continue;
        const inMs = Math.max(0, stored.startedAt + (stored.rule.delay as number) * 1000 - now);
        if (!best || inMs < best.inMs) best = { stored, table, source: 'countdown', inMs };
      }
    }
    const schedule = this.nextSchedule();
    const scheduleTable = this.#tables.find((t) => t.kind === 'schedule');
    if (schedule && scheduleTable && (!best || schedule.inMs < best.inMs)) {
      best = { stored: schedule.rule, table: scheduleTable, source: 'schedule', inMs: schedule.inMs };
    }
    return best;
  }
}

interface Due {
  stored: StoredRule;
  table: IotRuleTable;
  source: RuleAction['source'];
  inMs: number;
}

/** Whether a schedule rule fires on the local day of `t`. */
function firesOn(rule: Record<string, unknown>, t: { year: number; month: number; day: number; weekday: number }) {
  if (rule.repeat === 0 && typeof rule.year === 'number' && rule.year > 0) {
    return rule.year === t.year && rule.month === t.month && rule.day === t.day;
  }
  return Array.isArray(rule.wday) ? rule.wday[t.weekday] === 1 : true;
}
