import type { Clock } from '../../../util/clock.ts';
import { isObject } from '../../tplink/discovery.ts';
import { UsageMeter } from '../../tplink/simulator/usage-meter.ts';
import type { IotDeviceClock } from './device-clock.ts';

/**
 * The switched outlets of a simulated legacy device and what they draw: one outlet for a plug or bulb, one per
 * socket for a strip (HS300, KP303: sysinfo `children[]` with `id`, `state`, `on_time`). The sysinfo stays the one
 * source of truth for on/off (`relay_state`, `children[].state`, a bulb's `light_state.on_off`), so every reader
 * (TCP, UDP discovery, KLAP) sees the same state; this class adds `on_time` and the usage meters that turn the
 * switching into runtime and energy statistics.
 */
export interface PowerStateOptions {
  clock: Clock;
  deviceClock: IotDeviceClock;
  sysinfo: Record<string, unknown>;
  /** Makes statistics per device: the MAC. */
  seed: string;
  /** What an outlet draws in watts given its on/off state (a bulb: its wattage scaled by brightness). */
  watts: (outletId: string, on: boolean) => number;
  typicalWatts: number;
}

interface Outlet {
  since: number | undefined;
  meter: UsageMeter;
}

/** The device's own outlet id when it has no children. */
export const DEVICE_OUTLET = '';
const HISTORY_DAYS = 60;

/** Outlets, on-times and meters. */
export class IotPowerState {
  readonly #options: PowerStateOptions;
  readonly #outlets = new Map<string, Outlet>();

  constructor(options: PowerStateOptions) {
    this.#options = options;
    const now = options.clock.now();
    for (const id of this.ids()) {
      const on = this.isOn(id);
      const captured = this.#record(id)?.on_time;
      const onTimeS = on && typeof captured === 'number' ? captured : 0;
      const meter = new UsageMeter({
        clock: options.clock,
        dayOf: (ms) => options.deviceClock.dayOfLabTime(ms),
        seed: `${options.seed}/${id}`,
        historyDays: HISTORY_DAYS,
        typicalWatts: options.typicalWatts,
      });
      meter.set(on, options.watts(id, on));
      this.#outlets.set(id, { since: on ? now - onTimeS * 1000 : undefined, meter });
    }
  }

  /** Outlet ids: the children's ids for a strip, else the device's own. */
  ids(): string[] {
    const children = this.#children();
    return children.length > 0 ? children.map((c) => String(c.id)) : [DEVICE_OUTLET];
  }

  /** Resolves `context.child_ids` (full ids or the two-digit suffix, python-kasa iotstrip) to outlet ids. */
  resolve(childIds: string[]): string[] | undefined {
    if (childIds.length === 0) return this.ids();
    const matches = this.ids().filter((id) => childIds.some((c) => id !== DEVICE_OUTLET && id.endsWith(c)));
    return matches.length > 0 ? matches : undefined;
  }

  isOn(id: string): boolean {
    if (id === DEVICE_OUTLET) {
      const light = this.#options.sysinfo.light_state;
      if (isObject(light)) return light.on_off === 1;
      return this.#options.sysinfo.relay_state === 1;
    }
    return this.#record(id)?.state === 1;
  }

  /** Switches outlets; the caller has validated `on`. Light state changes go through `refresh` instead. */
  switch(ids: string[], on: boolean): void {
    for (const id of ids) {
      if (id === DEVICE_OUTLET) this.#options.sysinfo.relay_state = on ? 1 : 0;
      else {
        const record = this.#record(id);
        if (record) record.state = on ? 1 : 0;
      }
      this.refresh(id);
    }
  }

  /** Re-reads an outlet's state after the sysinfo changed (a bulb's light state): on-time and meter follow. */
  refresh(id: string): void {
    const outlet = this.#outlets.get(id);
    if (!outlet) return;
    const on = this.isOn(id);
    if (on && outlet.since === undefined) outlet.since = this.#options.clock.now();
    if (!on) outlet.since = undefined;
    outlet.meter.set(on, this.#options.watts(id, on));
  }

  /** Seconds an outlet has been on (sysinfo `on_time`), 0 when off. */
  onTimeS(id: string): number {
    const since = this.#outlets.get(id)?.since;
    return since === undefined ? 0 : Math.floor((this.#options.clock.now() - since) / 1000);
  }

  meter(id: string): UsageMeter | undefined {
    return this.#outlets.get(id)?.meter;
  }

  /** The sysinfo as a reader sees it now: `on_time` of the device and of every child. */
  liveSysinfo(): Record<string, unknown> {
    const view = structuredClone(this.#options.sysinfo);
    if ('on_time' in view) view.on_time = this.onTimeS(DEVICE_OUTLET);
    if (Array.isArray(view.children)) {
      for (const child of view.children) {
        if (isObject(child) && 'on_time' in child) child.on_time = this.onTimeS(String(child.id));
      }
    }
    return view;
  }

  #children(): Array<Record<string, unknown>> {
    const children = this.#options.sysinfo.children;
    return Array.isArray(children) ? children.filter(isObject) : [];
  }

  #record(id: string): Record<string, unknown> | undefined {
    return id === DEVICE_OUTLET ? this.#options.sysinfo : this.#children().find((c) => c.id === id);
  }
}
