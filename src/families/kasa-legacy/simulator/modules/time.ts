import { answer, INVALID_ARGUMENT, OK } from '../iot-errors.ts';
import type { IotDeviceContext } from './context.ts';

/**
 * `time` (plugs) or `smartlife.iot.common.timesetting` (bulbs): `get_time` → `{year, month, mday, hour, min, sec}`,
 * `get_timezone` → `{index}`, `set_time` with the calendar fields, `set_timezone` with `index` and the calendar
 * fields (softScheck tplink-smartplug list; LB130 protocol notes; python-kasa `iot/modules/time.py`).
 */
export function installTime(ctx: IotDeviceContext): void {
  const { api, deviceClock, plan } = ctx;
  api.on(plan.time, 'get_time', () => ({ ...deviceClock.fields(), err_code: 0 }));
  api.on(plan.time, 'get_timezone', () => ({ index: deviceClock.index, err_code: 0 }));
  api.on(plan.time, 'set_time', (p) => (deviceClock.setLocal(p) ? answer(OK) : answer(INVALID_ARGUMENT)));
  api.on(plan.time, 'set_timezone', (p) => {
    // The zone first, so the calendar fields are read in it; a refused zone changes nothing.
    const previous = deviceClock.index;
    if (!deviceClock.setIndex(p.index)) return answer(INVALID_ARGUMENT);
    if ('year' in p && !deviceClock.setLocal(p)) {
      deviceClock.setIndex(previous);
      return answer(INVALID_ARGUMENT);
    }
    return answer(OK);
  });
}
