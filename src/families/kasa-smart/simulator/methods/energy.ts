import { isObject } from '../../../tplink/discovery.ts';
import { dayKey, formatLocalTime } from '../../../tplink/simulator/local-time.ts';
import { ok, type SimulatedSmartApi } from '../api.ts';
import type { SmartDeviceState } from '../smart-state.ts';

/**
 * Usage and energy figures, counted by the device's meter, in the units the captures show:
 * - `get_device_usage`: `time_usage` in minutes, `power_usage` in Wh and `saved_power`, each for today, the last 7
 *   and the last 30 days. In every capture `saved_power` = `time_usage` − `power_usage` (P110(UK) past30:
 *   29205 = 3205 + 26000; KP125M today: 1172 = 20 + 1152), so the simulator derives it the same way;
 * - `get_energy_usage`: `today_runtime`/`month_runtime` in minutes, `today_energy`/`month_energy` in Wh,
 *   `current_power` in mW, `local_time` (KP125M(US) 1.2.3: current_power 1003 beside get_current_power 1);
 * - `get_current_power`: `current_power` in whole watts;
 * - `get_emeter_data` (newer energy firmware): `power_mw`, `voltage_mv`, `current_ma`, `energy_wh` (this month).
 * Each is installed only where the capture or profile has the method: a P110(UK) 1.3.0 has no `get_emeter_data`
 * and answers -1002 for it, which python-kasa's energy module accepts as "not offered".
 */
export function installEnergy(api: SimulatedSmartApi, state: SmartDeviceState): void {
  const today = () => dayKey(state.local());
  const month = () => {
    const t = state.local();
    return state.meter
      .month(t.year, t.month)
      .reduce((a, d) => ({ wh: a.wh + d.wh, minutes: a.minutes + d.minutes }), { wh: 0, minutes: 0 });
  };
  const captured = (method: string) => api.read(method) ?? {};
  if (api.has('get_device_usage')) {
    api.on('get_device_usage', () => {
      const windows = [1, 7, 30].map((days) => state.meter.window(today(), days));
      const pick = (f: (u: { wh: number; minutes: number }) => number) => ({
        today: f(windows[0] ?? { wh: 0, minutes: 0 }),
        past7: f(windows[1] ?? { wh: 0, minutes: 0 }),
        past30: f(windows[2] ?? { wh: 0, minutes: 0 }),
      });
      const had = captured('get_device_usage');
      return ok({
        time_usage: pick((u) => u.minutes),
        ...('power_usage' in had ? { power_usage: pick((u) => u.wh) } : {}),
        ...('saved_power' in had ? { saved_power: pick((u) => Math.max(0, u.minutes - u.wh)) } : {}),
      });
    });
  }
  if (api.has('get_energy_usage')) {
    api.on('get_energy_usage', () => {
      const day = state.meter.day(today());
      const m = month();
      const charge = captured('get_energy_usage').electricity_charge;
      return ok({
        current_power: Math.round(state.watts() * 1000),
        electricity_charge: Array.isArray(charge) ? charge : [0, 0, 0],
        local_time: formatLocalTime(state.local()),
        month_energy: m.wh,
        month_runtime: m.minutes,
        today_energy: day.wh,
        today_runtime: day.minutes,
      });
    });
  }
  if (api.has('get_current_power')) {
    api.on('get_current_power', () => ok({ current_power: Math.round(state.watts()) }));
  }
  if (api.has('get_emeter_data')) {
    const had = captured('get_emeter_data');
    const voltageMv =
      isObject(had) && typeof had.voltage_mv === 'number' && had.voltage_mv > 0 ? had.voltage_mv : 230_000;
    api.on('get_emeter_data', () => {
      const watts = state.watts();
      return ok({
        current_ma: Math.round((watts / (voltageMv / 1000)) * 1000),
        energy_wh: month().wh,
        power_mw: Math.round(watts * 1000),
        voltage_mv: voltageMv,
      });
    });
  }
}
