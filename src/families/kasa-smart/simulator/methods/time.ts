import { utcOffsetMinutes } from '../../../tplink/simulator/local-time.ts';
import { fail, ok, PARAMS_ERROR, type SimulatedSmartApi } from '../api.ts';
import type { SmartDeviceState } from '../smart-state.ts';

/**
 * `get_device_time` → `{timestamp, time_diff, region}` (seconds, minutes east of UTC, IANA zone; L530E capture:
 * Europe/Berlin in February, time_diff 60) and `set_device_time` with the same fields (python-kasa
 * smart/modules/time.py). `time_diff` follows the zone's daylight saving time, and `get_device_info` reports the
 * same `region` and `time_diff`.
 */
export function installTime(api: SimulatedSmartApi, state: SmartDeviceState): void {
  if (!api.has('get_device_time')) return;
  api.on('get_device_time', () => {
    const now = state.nowMs();
    const timeDiff = utcOffsetMinutes(state.zone, now);
    if ('time_diff' in state.info) state.info.time_diff = timeDiff;
    return ok({ region: state.zone, time_diff: timeDiff, timestamp: Math.floor(now / 1000) });
  });
  api.on('set_device_time', (p) => {
    const timestamp = p.timestamp;
    const timeDiff = p.time_diff;
    const region = p.region;
    const valid =
      typeof timestamp === 'number' &&
      Number.isInteger(timestamp) &&
      timestamp > 0 &&
      typeof timeDiff === 'number' &&
      Number.isInteger(timeDiff) &&
      Math.abs(timeDiff) <= 14 * 60 &&
      (region === undefined || typeof region === 'string');
    if (!valid || !state.setTime(timestamp, timeDiff, region as string | undefined)) return fail(PARAMS_ERROR);
    return ok();
  });
}
