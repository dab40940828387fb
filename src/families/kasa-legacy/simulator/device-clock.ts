import type { Clock } from '../../../util/clock.ts';
import { dayKey, type LocalTime, localTimeIn } from '../../tplink/simulator/local-time.ts';

/**
 * The clock of a simulated legacy device: the lab's clock, the time zone the owner picked by index (`get_timezone`
 * answers `{"index":39,"err_code":0}`, LB130 protocol notes), and the offset an owner's `set_time`/`set_timezone`
 * introduced. The index is TP-Link's own firmware table; python-kasa `iot/iottimezone.py` maps all 110 entries to
 * IANA names, and the lab knows the subset below (an index outside it is refused).
 */
const TIMEZONES: Readonly<Record<number, string>> = {
  2: 'US/Hawaii',
  3: 'US/Alaska',
  6: 'PST8PDT',
  10: 'MST7MDT',
  13: 'CST6CDT',
  18: 'EST',
  38: 'UCT',
  39: 'GB',
  41: 'Europe/Amsterdam',
  42: 'Europe/Belgrade',
  43: 'Europe/Brussels',
  54: 'Europe/Helsinki',
  75: 'Asia/Kolkata',
  86: 'Asia/Singapore',
  87: 'Australia/Perth',
  90: 'Asia/Tokyo',
  95: 'Australia/Brisbane',
  104: 'Pacific/Auckland',
};

/** The factory time zone a device of this model region starts in (the lab's choice; owners set their own). */
export function defaultTimezoneIndex(model: unknown): number {
  const region = typeof model === 'string' ? /\(([A-Z]+)\)/.exec(model)?.[1] : undefined;
  if (region === 'US') return 6;
  if (region === 'UK') return 39;
  if (region === 'EU') return 41;
  if (region === 'AU') return 95;
  return 38;
}

/** Local calendar fields as the legacy protocol names them (`get_time`, `set_time`, `set_timezone`). */
export interface IotTimeFields {
  year: number;
  month: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
}

/** A device's clock and time zone. */
export class IotDeviceClock {
  readonly #clock: Clock;
  #index: number;
  #offsetMs = 0;

  constructor(clock: Clock, index: number) {
    this.#clock = clock;
    this.#index = TIMEZONES[index] === undefined ? 38 : index;
  }

  get index(): number {
    return this.#index;
  }

  /** The device's idea of now, in Unix milliseconds. */
  nowMs(): number {
    return this.#clock.now() + this.#offsetMs;
  }

  /** Civil time at a device instant. */
  local(ms = this.nowMs()): LocalTime {
    return localTimeIn(TIMEZONES[this.#index] as string, ms);
  }

  /** The local day of a lab-clock instant, for usage statistics. */
  dayOfLabTime(labMs: number): string {
    return dayKey(this.local(labMs + this.#offsetMs));
  }

  fields(): IotTimeFields {
    const t = this.local();
    return { year: t.year, month: t.month, mday: t.day, hour: t.hour, min: t.minute, sec: t.second };
  }

  /** Sets the zone; false when the index is not one the lab knows. */
  setIndex(index: unknown): boolean {
    if (typeof index !== 'number' || TIMEZONES[index] === undefined) return false;
    this.#index = index;
    return true;
  }

  /** Sets the wall clock to `fields` in the current zone; false when they are not a valid date and time. */
  setLocal(fields: Record<string, unknown>): boolean {
    const keys = ['year', 'month', 'mday', 'hour', 'min', 'sec'] as const;
    const values = keys.map((k) => fields[k]);
    if (!values.every((v) => typeof v === 'number' && Number.isInteger(v))) return false;
    const [year, month, mday, hour, min, sec] = values as number[];
    const wanted = Date.UTC(year as number, (month as number) - 1, mday, hour, min, sec);
    if (Number.isNaN(wanted) || new Date(wanted).getUTCDate() !== mday) return false;
    const now = this.local();
    const shown = Date.UTC(now.year, now.month - 1, now.day, now.hour, now.minute, now.second);
    this.#offsetMs += wanted - shown;
    return true;
  }
}
