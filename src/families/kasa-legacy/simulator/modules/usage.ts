import { isObject } from '../../../tplink/discovery.ts';
import type { DayUsage, UsageMeter } from '../../../tplink/simulator/usage-meter.ts';
import { answer, ENTRY_NOT_EXIST, INVALID_ARGUMENT, type IotAnswer, OK } from '../iot-errors.ts';
import type { EmeterUnits } from '../module-plan.ts';
import { type IotDeviceContext, intParam } from './context.ts';

/**
 * Statistics a legacy device keeps: runtime in the schedule module (`get_daystat {year, month}` →
 * `day_list[{year, month, day, time}]` in minutes, `get_monthstat {year}`, `erase_runtime_stat`; python-kasa
 * `iot/modules/usage.py`) and energy in the emeter (`get_realtime`, `get_daystat`, `get_monthstat`,
 * `erase_emeter_stat`, `get_vgain_igain`; softScheck list). Energy entries are `energy` in kWh on HS110 v1 firmware
 * and `energy_wh` elsewhere (python-kasa `iot/modules/emeter.py`; LB130 notes for bulbs). A strip answers for the
 * sockets in `context.child_ids`, or for all of them summed.
 */
export interface EmeterOptions {
  module: string;
  units: EmeterUnits;
  /** Mains voltage the meter reads, in volts. */
  voltage: number;
  /** Keys the capture's `get_realtime` had, to answer in the same shape; undefined for a built-in profile. */
  capturedKeys: string[] | undefined;
}

type Meters = UsageMeter[];

function metersFor(ctx: IotDeviceContext, childIds: string[]): Meters | undefined {
  const ids = ctx.power.resolve(childIds);
  return ids?.map((id) => ctx.power.meter(id)).filter((m): m is UsageMeter => m !== undefined);
}

function dayStats(meters: Meters, year: number, month: number): Array<DayUsage & { day: number }> {
  const byDay = new Map<number, DayUsage>();
  for (const meter of meters) {
    for (const entry of meter.month(year, month)) {
      const seen = byDay.get(entry.day) ?? { wh: 0, minutes: 0 };
      byDay.set(entry.day, { wh: seen.wh + entry.wh, minutes: seen.minutes + entry.minutes });
    }
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, usage]) => ({ day, ...usage }));
}

function monthStats(meters: Meters, year: number): Array<DayUsage & { month: number }> {
  const out: Array<DayUsage & { month: number }> = [];
  for (let month = 1; month <= 12; month++) {
    const days = dayStats(meters, year, month);
    if (days.length === 0) continue;
    const total = days.reduce<DayUsage>((a, b) => ({ wh: a.wh + b.wh, minutes: a.minutes + b.minutes }), {
      wh: 0,
      minutes: 0,
    });
    out.push({ month, ...total });
  }
  return out;
}

/** Installs `get_daystat`, `get_monthstat` and `erase_runtime_stat` on the schedule module. */
export function installRuntimeStats(ctx: IotDeviceContext): void {
  const module = ctx.plan.schedule;
  ctx.api.on(module, 'get_daystat', (p, children) => {
    const meters = metersFor(ctx, children);
    const year = intParam(p, 'year');
    const month = intParam(p, 'month');
    if (!meters) return answer(ENTRY_NOT_EXIST);
    if (year === undefined || month === undefined || month < 1 || month > 12) return answer(INVALID_ARGUMENT);
    const day_list = dayStats(meters, year, month).map((d) => ({ year, month, day: d.day, time: d.minutes }));
    return { day_list, err_code: 0 };
  });
  ctx.api.on(module, 'get_monthstat', (p, children) => {
    const meters = metersFor(ctx, children);
    const year = intParam(p, 'year');
    if (!meters) return answer(ENTRY_NOT_EXIST);
    if (year === undefined) return answer(INVALID_ARGUMENT);
    return {
      month_list: monthStats(meters, year).map((m) => ({ year, month: m.month, time: m.minutes })),
      err_code: 0,
    };
  });
  ctx.api.on(module, 'erase_runtime_stat', (_p, children) => {
    const meters = metersFor(ctx, children);
    if (!meters) return answer(ENTRY_NOT_EXIST);
    for (const meter of meters) meter.eraseRuntime();
    return answer(OK);
  });
}

/** Installs the energy meter's methods. */
export function installEmeter(ctx: IotDeviceContext, options: EmeterOptions): void {
  const { api } = ctx;
  const energyEntry = (wh: number) => (options.units === 'v1' ? { energy: wh / 1000 } : { energy_wh: Math.round(wh) });
  api.on(options.module, 'get_realtime', (_p, children) => {
    const meters = metersFor(ctx, children);
    return meters ? realtime(meters, options) : answer(ENTRY_NOT_EXIST);
  });
  api.on(options.module, 'get_daystat', (p, children) => {
    const meters = metersFor(ctx, children);
    const year = intParam(p, 'year');
    const month = intParam(p, 'month');
    if (!meters) return answer(ENTRY_NOT_EXIST);
    if (year === undefined || month === undefined || month < 1 || month > 12) return answer(INVALID_ARGUMENT);
    const day_list = dayStats(meters, year, month).map((d) => ({ year, month, day: d.day, ...energyEntry(d.wh) }));
    return { day_list, err_code: 0 };
  });
  api.on(options.module, 'get_monthstat', (p, children) => {
    const meters = metersFor(ctx, children);
    const year = intParam(p, 'year');
    if (!meters) return answer(ENTRY_NOT_EXIST);
    if (year === undefined) return answer(INVALID_ARGUMENT);
    const month_list = monthStats(meters, year).map((m) => ({ year, month: m.month, ...energyEntry(m.wh) }));
    return { month_list, err_code: 0 };
  });
  api.on(options.module, 'erase_emeter_stat', (_p, children) => {
    const meters = metersFor(ctx, children);
    if (!meters) return answer(ENTRY_NOT_EXIST);
    for (const meter of meters) meter.eraseEnergy();
    return answer(OK);
  });
  if (options.units !== 'bulb') installGains(ctx, options.module);
}

/** `get_realtime` in the meter's units: the power follows the relay and the load, the total the meters. */
function realtime(meters: Meters, options: EmeterOptions): IotAnswer {
  const watts = meters.reduce((n, m) => n + m.watts, 0);
  const totalWh = meters.reduce((n, m) => n + m.totalWh(), 0);
  const amps = options.voltage > 0 ? watts / options.voltage : 0;
  let full: Record<string, number>;
  if (options.units === 'v1') {
    full = {
      current: round(amps, 6),
      voltage: round(options.voltage, 6),
      power: round(watts, 6),
      total: round(totalWh / 1000, 3),
    };
  } else if (options.units === 'bulb') {
    full = { power_mw: Math.round(watts * 1000), total_wh: Math.round(totalWh) };
  } else {
    full = {
      current_ma: Math.round(amps * 1000),
      voltage_mv: Math.round(options.voltage * 1000),
      power_mw: Math.round(watts * 1000),
      total_wh: Math.round(totalWh),
      slot_id: 0,
    };
  }
  const keys = options.capturedKeys ?? Object.keys(full).filter((k) => k !== 'slot_id');
  const shaped: IotAnswer = {};
  for (const key of keys) if (key in full) shaped[key] = full[key];
  return { ...shaped, err_code: 0 };
}

/** Calibration gains (softScheck list: `get_vgain_igain`, `set_vgain_igain {vgain, igain}`; defaults are its example). */
function installGains(ctx: IotDeviceContext, module: string): void {
  const captured = ctx.api.module(module)?.get_vgain_igain;
  const gains = { vgain: 13462, igain: 16835, ...(isObject(captured) ? captured : {}) };
  ctx.api.on(module, 'get_vgain_igain', () => ({ vgain: gains.vgain, igain: gains.igain, err_code: 0 }));
  ctx.api.on(module, 'set_vgain_igain', (p) => {
    const vgain = intParam(p, 'vgain');
    const igain = intParam(p, 'igain');
    if (vgain === undefined || igain === undefined || vgain <= 0 || igain <= 0) return answer(INVALID_ARGUMENT);
    gains.vgain = vgain;
    gains.igain = igain;
    return answer(OK);
  });
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
