import type { Clock } from '../../../util/clock.ts';
import { dayKey, isKnownZone, type LocalTime, localTimeIn } from '../../tplink/simulator/local-time.ts';
import { UsageMeter } from '../../tplink/simulator/usage-meter.ts';

/**
 * The live state behind a simulated Kasa/Tapo device's methods: on/off and brightness live in its stored
 * `get_device_info` (so `get_device_info`, `get_child_device_list` and every transport agree); this adds the
 * device clock (`get_device_time {timestamp, time_diff, region}`), `on_time`, and the usage meter that turns
 * switching into `get_device_usage` and `get_energy_usage` figures.
 */
export interface SmartStateOptions {
  clock: Clock;
  /** The stored `get_device_info` (writes change it). */
  info: Record<string, unknown>;
  /** Makes the usage history this device's own: its MAC (plus the child id for a socket). */
  seed: string;
  /** What the appliance on a plug draws when on, in watts. */
  loadWatts: number;
  /** A bulb's rated power at full brightness, in watts. */
  bulbWatts: number;
}

const HISTORY_DAYS = 60;

/** Clock, on-time and meter of one device or child. */
export class SmartDeviceState {
  readonly #options: SmartStateOptions;
  readonly meter: UsageMeter;
  #offsetMs = 0;
  #since: number | undefined;
  #checkedZone: string | undefined;

  constructor(options: SmartStateOptions) {
    this.#options = options;
    const { clock, info } = options;
    this.meter = new UsageMeter({
      clock,
      dayOf: (ms) => dayKey(this.local(ms + this.#offsetMs)),
      seed: options.seed,
      historyDays: HISTORY_DAYS,
      typicalWatts: this.#ratedWatts(),
    });
    const onTimeS = typeof info.on_time === 'number' ? info.on_time : 0;
    this.#since = this.isOn() ? clock.now() - onTimeS * 1000 : undefined;
    this.meter.set(this.isOn(), this.watts());
  }

  get info(): Record<string, unknown> {
    return this.#options.info;
  }

  /** The IANA zone the owner set (`region`); a region this runtime does not know is reported as UTC. */
  get zone(): string {
    const info = this.#options.info;
    // Checked at first use, not at start: loading time zone data for every device would slow the lab's start.
    if (typeof info.region !== 'string' || (info.region !== this.#checkedZone && !isKnownZone(info.region))) {
      info.region = 'UTC';
    }
    this.#checkedZone = info.region as string;
    return this.#checkedZone;
  }

  nowMs(): number {
    return this.#options.clock.now() + this.#offsetMs;
  }

  local(ms = this.nowMs()): LocalTime {
    return localTimeIn(this.zone, ms);
  }

  /** `set_device_time {timestamp, time_diff, region?}` (python-kasa smart/modules/time.py). */
  setTime(timestampS: number, timeDiffMin: number, region: string | undefined): boolean {
    if (region !== undefined && !isKnownZone(region)) return false;
    this.#offsetMs = timestampS * 1000 - this.#options.clock.now();
    this.#options.info.time_diff = timeDiffMin;
    if (region !== undefined) this.#options.info.region = region;
    return true;
  }

  isOn(): boolean {
    return this.#options.info.device_on === true;
  }

  /** Call after `device_on` or `brightness` changed: on-time and meter follow. */
  refresh(): void {
    const on = this.isOn();
    if (on && this.#since === undefined) this.#since = this.#options.clock.now();
    if (!on) this.#since = undefined;
    this.meter.set(on, this.watts());
  }

  onTimeS(): number {
    return this.#since === undefined ? 0 : Math.floor((this.#options.clock.now() - this.#since) / 1000);
  }

  /** What the device draws now, in watts. */
  watts(): number {
    if (!this.isOn()) return 0;
    const brightness = this.#options.info.brightness;
    return typeof brightness === 'number' ? (this.#options.bulbWatts * brightness) / 100 : this.#options.loadWatts;
  }

  #ratedWatts(): number {
    return typeof this.#options.info.brightness === 'number' ? this.#options.bulbWatts : this.#options.loadWatts;
  }
}
