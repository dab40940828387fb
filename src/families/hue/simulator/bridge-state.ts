import type { DeviceHost } from '../../../lab/core/device-host.ts';
import type { Clock } from '../../../util/clock.ts';
import type { HueIds } from './ids.ts';
import { apiVersionFor, type HueUpdate } from './settings.ts';

/** How long the bridge is unreachable while it reboots into new firmware. */
export const HUE_REBOOT_MS = 1000;

/** `swupdate2.bridge.state` values (Hue v1 config API): the lab uses the ones a bridge-only update passes. */
export type HueBridgeUpdateState = 'noupdates' | 'readytoinstall' | 'installing';

/**
 * The mutable firmware and update state of a simulated bridge. Installing goes: `installing` for the update's
 * duration, then a reboot (every port refused for HUE_REBOOT_MS), then the new `swversion` (or the old one for
 * `fail-midway`, or never back for `never-returns`). With autoinstall on, a downloaded update installs itself at
 * `autoinstall.updatetime` (daily, bridge time = UTC in the lab).
 */
export class HueBridgeState {
  name: string;
  readonly model: string;
  readonly ids: HueIds;
  swversion: string;
  apiversion: string;
  autoinstallOn: boolean;
  readonly updatetime = 'T14:00:00';
  bridgeUpdate: HueBridgeUpdateState;
  lastchange: string;
  lastinstall: string;
  #pending: HueUpdate | undefined;
  readonly #clock: Clock;
  readonly #host: DeviceHost;
  readonly #stopped = new AbortController();
  #autoTimer: AbortController | undefined;
  /** Called after the update state or the firmware changed (the CLIP v2 event stream reports it). */
  onChange: (() => void) | undefined;

  constructor(options: {
    name: string;
    model: string;
    ids: HueIds;
    swversion: string;
    apiversion: string;
    autoinstallOn: boolean;
    update: HueUpdate | undefined;
    clock: Clock;
    host: DeviceHost;
  }) {
    this.name = options.name;
    this.model = options.model;
    this.ids = options.ids;
    this.swversion = options.swversion;
    this.apiversion = options.apiversion;
    this.autoinstallOn = options.autoinstallOn;
    this.#clock = options.clock;
    this.#host = options.host;
    this.#pending = options.update && options.update.version !== options.swversion ? options.update : undefined;
    this.bridgeUpdate = this.#pending ? 'readytoinstall' : 'noupdates';
    // A bridge that has run for a while: its last install was before the lab started.
    this.lastinstall = bridgeTime(this.#clock.now() - 30 * 86_400_000);
    this.lastchange = this.lastinstall;
  }

  setAutoInstall(on: boolean): void {
    this.autoinstallOn = on;
    this.lastchange = bridgeTime(this.#clock.now());
    this.#autoTimer?.abort();
    this.#autoTimer = undefined;
    this.scheduleAutoInstall();
  }

  /** Starts installing the downloaded update; false when there is none or one is already installing. */
  install(): boolean {
    const update = this.#pending;
    if (!update || this.bridgeUpdate !== 'readytoinstall') return false;
    this.#autoTimer?.abort();
    this.bridgeUpdate = 'installing';
    this.lastchange = bridgeTime(this.#clock.now());
    this.onChange?.();
    this.#run(update).catch(() => undefined);
    return true;
  }

  /** With autoinstall on and an update waiting, sleeps until the next update time and installs. */
  scheduleAutoInstall(): void {
    if (!this.autoinstallOn || this.bridgeUpdate !== 'readytoinstall' || this.#autoTimer) return;
    const timer = new AbortController();
    this.#autoTimer = timer;
    const signal = AbortSignal.any([timer.signal, this.#stopped.signal]);
    this.#clock
      .sleep(msUntilDaily(this.#clock.now(), this.updatetime), signal)
      .then(() => {
        this.#autoTimer = undefined;
        if (this.autoinstallOn) this.install();
      })
      .catch(() => undefined);
  }

  stop(): void {
    this.#stopped.abort();
  }

  async #run(update: HueUpdate): Promise<void> {
    const signal = this.#stopped.signal;
    await this.#clock.sleep(update.durationMs, signal);
    await this.#host.pauseAll();
    if (update.outcome === 'never-returns' || signal.aborted) return;
    await this.#clock.sleep(HUE_REBOOT_MS, signal);
    const now = bridgeTime(this.#clock.now());
    if (update.outcome === 'ok') {
      this.swversion = update.version;
      this.apiversion = update.apiVersion ?? apiVersionFor(update.version, this.apiversion);
      this.#pending = undefined;
      this.bridgeUpdate = 'noupdates';
      this.lastinstall = now;
    } else {
      // fail-midway: the bridge comes back on its old firmware with the update still downloaded.
      this.bridgeUpdate = 'readytoinstall';
    }
    this.lastchange = now;
    this.onChange?.();
    if (!signal.aborted) await this.#host.resumeAll();
    this.scheduleAutoInstall();
  }
}

/** Bridge timestamps: ISO 8601 without fraction or zone, e.g. `2017-06-21T19:44:36` (v1 config API). */
export function bridgeTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Milliseconds from `nowMs` to the next daily `Thh:mm:ss` (UTC). */
function msUntilDaily(nowMs: number, time: string): number {
  const [h, m, s] = time.slice(1).split(':').map(Number);
  const today = new Date(nowMs);
  const at = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), h ?? 0, m ?? 0, s ?? 0);
  return at > nowMs ? at - nowMs : at + 86_400_000 - nowMs;
}
