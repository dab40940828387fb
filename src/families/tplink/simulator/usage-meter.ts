import { createHash } from 'node:crypto';
import type { Clock } from '../../../util/clock.ts';

/**
 * Runtime and energy a simulated TP-Link device has counted, per local day. Both families report it: legacy plugs in
 * `schedule.get_daystat`/`get_monthstat` (minutes on) and `emeter.get_daystat`/`get_monthstat` (energy), Tapo devices
 * in `get_device_usage` and `get_energy_usage`. The counts are real: switching the device on or changing its load
 * changes what accrues, on the simulator's clock. Days before the lab started hold a synthetic history that is
 * stable per device (the device was in use before the lab switched it on); `eraseEnergy()` and `eraseRuntime()` clear them, as
 * `erase_emeter_stat` and `erase_runtime_stat` do on the real device.
 */
export interface DayUsage {
  /** Energy in watt-hours. */
  wh: number;
  /** Minutes the relay or light was on. */
  minutes: number;
}

/** How a meter reads time and seeds its history. */
export interface UsageMeterOptions {
  clock: Clock;
  /** The local day (`YYYY-MM-DD`) of an instant, in the device's current time zone. */
  dayOf: (ms: number) => string;
  /** Makes the synthetic history this device's own. */
  seed: string;
  /** Days of synthetic history before the lab started. */
  historyDays: number;
  /** The load, in watts, the synthetic history assumes while on. */
  typicalWatts: number;
}

const DAY_MS = 86_400_000;
/** Accrual steps never cross a quarter hour, so a day boundary in any real zone (all offsets are n × 15 min) is exact. */
const STEP_MS = 900_000;
/** A clock jump longer than this only counts its last part (a lab never runs for a year). */
const MAX_ACCRUAL_MS = 400 * DAY_MS;
/** At most this many hours of synthetic use per day. */
const MAX_SYNTHETIC_HOURS = 8;

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` key. */
function dayNumber(key: string): number {
  const [y, m, d] = key.split('-').map(Number);
  return Math.round(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

/** Counts a device's use; call `set()` whenever it switches or its load changes. */
export class UsageMeter {
  readonly #options: UsageMeterOptions;
  readonly #actual = new Map<string, { wh: number; ms: number }>();
  readonly #historyDays: number;
  #syntheticEnergy = true;
  #syntheticRuntime = true;
  /** Set at first use: the local day the lab started (time zone data loads only when statistics are read). */
  #startDay: number | undefined;
  readonly #startMs: number;
  #since: number;
  #on = false;
  #watts = 0;

  constructor(options: UsageMeterOptions) {
    this.#options = options;
    this.#historyDays = options.historyDays;
    this.#since = options.clock.now();
    this.#startMs = this.#since;
  }

  get #firstActualDay(): number {
    this.#startDay ??= dayNumber(this.#options.dayOf(this.#startMs));
    return this.#startDay;
  }

  /** Records the state from now on: `on` counts runtime, `watts` (including standby draw) counts energy. */
  set(on: boolean, watts: number): void {
    this.#accrue();
    this.#on = on;
    this.#watts = Math.max(0, watts);
  }

  /** The current draw in watts. */
  get watts(): number {
    return this.#watts;
  }

  /** Use on one local day (`YYYY-MM-DD`). */
  day(key: string): DayUsage {
    this.#accrue();
    const synthetic = this.#synthetic(key);
    const actual = this.#actual.get(key);
    return {
      wh: Math.round(synthetic.wh + (actual?.wh ?? 0)),
      minutes: Math.floor(synthetic.minutes + (actual?.ms ?? 0) / 60_000),
    };
  }

  /** Use summed over the `days` local days ending with `key` (inclusive). */
  window(key: string, days: number): DayUsage {
    const end = dayNumber(key);
    let wh = 0;
    let minutes = 0;
    for (let n = end - days + 1; n <= end; n++) {
      const usage = this.day(new Date(n * DAY_MS).toISOString().slice(0, 10));
      wh += usage.wh;
      minutes += usage.minutes;
    }
    return { wh, minutes };
  }

  /** The days of one month that have records, in order, as the devices list them in `day_list`. */
  month(year: number, month: number): Array<DayUsage & { day: number }> {
    const out: Array<DayUsage & { day: number }> = [];
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    for (let day = 1; day <= days; day++) {
      const key = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      if (this.#hasRecord(key)) out.push({ day, ...this.day(key) });
    }
    return out;
  }

  /** Energy counted over the whole history, in watt-hours. */
  totalWh(): number {
    this.#accrue();
    let wh = 0;
    for (let n = this.#firstActualDay - this.#historyDays; n < this.#firstActualDay; n++) {
      wh += this.#synthetic(new Date(n * DAY_MS).toISOString().slice(0, 10)).wh;
    }
    for (const entry of this.#actual.values()) wh += entry.wh;
    return wh;
  }

  /** Forgets the energy statistics, synthetic history included (`erase_emeter_stat`). */
  eraseEnergy(): void {
    this.#accrue();
    for (const entry of this.#actual.values()) entry.wh = 0;
    this.#syntheticEnergy = false;
  }

  /** Forgets the runtime statistics, synthetic history included (`erase_runtime_stat`). */
  eraseRuntime(): void {
    this.#accrue();
    for (const entry of this.#actual.values()) entry.ms = 0;
    this.#syntheticRuntime = false;
  }

  #hasRecord(key: string): boolean {
    const n = dayNumber(key);
    return (n < this.#firstActualDay && n >= this.#firstActualDay - this.#historyDays) || this.#actual.has(key);
  }

  #synthetic(key: string): DayUsage {
    const n = dayNumber(key);
    if (n >= this.#firstActualDay || n < this.#firstActualDay - this.#historyDays) return { wh: 0, minutes: 0 };
    const digest = createHash('sha256').update(`${this.#options.seed}/${key}`).digest();
    const minutes = Math.round((digest.readUInt16BE(0) / 0xffff) * MAX_SYNTHETIC_HOURS * 60);
    return {
      minutes: this.#syntheticRuntime ? minutes : 0,
      wh: this.#syntheticEnergy ? (minutes / 60) * this.#options.typicalWatts : 0,
    };
  }

  #accrue(): void {
    const now = this.#options.clock.now();
    let t = Math.max(this.#since, now - MAX_ACCRUAL_MS);
    while (t < now) {
      const next = Math.min(now, Math.floor(t / STEP_MS) * STEP_MS + STEP_MS);
      const key = this.#options.dayOf(t);
      const entry = this.#actual.get(key) ?? { wh: 0, ms: 0 };
      entry.wh += (this.#watts * (next - t)) / 3_600_000;
      if (this.#on) entry.ms += next - t;
      this.#actual.set(key, entry);
      t = next;
    }
    this.#since = now;
  }
}
