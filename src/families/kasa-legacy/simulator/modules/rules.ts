import type { IotAnswer } from '../iot-errors.ts';
import { answer, ENTRY_NOT_EXIST } from '../iot-errors.ts';
import type { IotDeviceContext } from './context.ts';
import { IotRuleRunner, type RuleAction } from './rule-runner.ts';
import { IotRuleTable, type RuleKind } from './rule-table.ts';

/**
 * Installs the rule modules the plan names (schedule, count_down, anti_theft) with their shared methods, runs them
 * on the device clock, and keeps the sysinfo fields that mirror them current: `active_mode` ("none", "schedule",
 * "count_down", "anti_theft" in the captures) and, on newer firmware, `next_action` (`{type:-1}` or
 * `{type:1, id, schd_sec, action}`, HS103(US) 1.5.7 capture).
 */
export function installRules(ctx: IotDeviceContext, apply: (action: RuleAction) => void): IotRuleRunner {
  const { api, plan, clock } = ctx;
  const modules: Array<[string | undefined, RuleKind]> = [
    [plan.schedule, 'schedule'],
    [plan.countdown, 'countdown'],
    [plan.antiTheft, 'antitheft'],
  ];
  const tables: IotRuleTable[] = [];
  let runner: IotRuleRunner | undefined;
  const changed = () => {
    runner?.reschedule();
    mirrorIntoSysinfo(ctx, tables, runner);
  };
  for (const [module, kind] of modules) {
    if (!module) continue;
    const captured = api.module(module)?.get_rules;
    const table = new IotRuleTable(kind, captured, () => clock.now(), changed);
    tables.push(table);
    api.on(module, 'get_rules', () => table.list());
    api.on(module, 'add_rule', (p, children) => {
      const outlets = children.length > 0 ? ctx.power.resolve(children) : [];
      return outlets ? table.add(p, outlets) : answer(ENTRY_NOT_EXIST);
    });
    api.on(module, 'edit_rule', (p) => table.edit(p));
    api.on(module, 'delete_rule', (p) => table.delete(p));
    api.on(module, 'delete_all_rules', () => table.deleteAll());
    api.on(module, 'set_overall_enable', (p) => table.setOverallEnable(p));
  }
  runner = new IotRuleRunner(ctx, tables, (action) => {
    apply(action);
    mirrorIntoSysinfo(ctx, tables, runner);
  });
  api.on(plan.schedule, 'get_next_action', () => nextAction(runner));
  changed();
  return runner;
}

function nextAction(runner: IotRuleRunner | undefined): IotAnswer {
  const next = runner?.nextSchedule();
  if (!next) return { type: -1, err_code: 0 };
  return { type: 1, id: next.rule.rule.id, schd_sec: next.schdSec, action: next.rule.rule.sact, err_code: 0 };
}

function mirrorIntoSysinfo(ctx: IotDeviceContext, tables: IotRuleTable[], runner: IotRuleRunner | undefined): void {
  const sysinfo = ctx.api.sysinfo;
  const active = (kind: RuleKind) => {
    const table = tables.find((t) => t.kind === kind);
    if (!table) return false;
    if (kind === 'countdown') return table.rules().some((r) => table.remainingS(r) > 0);
    return table.enabled && table.rules().some((r) => r.rule.enable === 1);
  };
  if ('active_mode' in sysinfo) {
    sysinfo.active_mode = active('countdown')
      ? 'count_down'
      : active('schedule')
        ? 'schedule'
        : active('antitheft')
          ? 'anti_theft'
          : 'none';
  }
  if ('next_action' in sysinfo) {
    const { err_code: _ignored, ...next } = nextAction(runner);
    sysinfo.next_action = next;
  }
}
