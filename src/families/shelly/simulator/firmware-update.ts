import type { ServerResponse } from 'node:http';
import type { DeviceHost } from '../../../lab/core/device-host.ts';
import type { Clock } from '../../../util/clock.ts';
import type { UpdateSettings } from './settings.ts';

/** How a started update goes: how long the device is away, and what it boots into afterwards. */
export type UpdatePlan = Pick<UpdateSettings, 'durationMs' | 'outcome'>;

/** An update (or reboot) that has been accepted: it starts once the reply that accepted it has left. */
export interface AcceptedUpdate {
  /** After an HTTP reply has been written. */
  startAfter(res: ServerResponse): void;
  /** Right away, for a reply sent otherwise (a WebSocket frame already handed to the socket). */
  startNow(): void;
}

export interface SimulatedShellyFirmwareOptions<Version> {
  host: DeviceHost;
  clock: Clock;
  installed: Version;
  /** What the device's update check offers; undefined when it is up to date. */
  offered: Version | undefined;
  /** Read when an update starts, so a scenario's `update.durationMs` and `outcome` apply. */
  plan: () => UpdatePlan;
}

/**
 * The firmware of a simulated Shelly, both generations (Gen1 `/ota`, Gen2+ `Shelly.Update`): the installed version,
 * the offer, and the one update cycle they share. States: idle or pending (an offer) → updating → rebooting → the
 * new image (`ok`), the new image with its control channels broken (`control-lost`), the old one (`fail-midway`), or
 * never back (`never-returns`). While rebooting the device drops
 * off the network (`host.pauseAll`: connections refused) and waits `durationMs` on the clock (FakeClock in tests).
 * `Version` is what the generation reports: a Gen1 build string, a Gen2 `{ver, fwId}`.
 */
export class SimulatedShellyFirmware<Version> {
  readonly #host: DeviceHost;
  readonly #clock: Clock;
  readonly #plan: () => UpdatePlan;
  readonly #abort = new AbortController();
  #installed: Version;
  #offered: Version | undefined;
  #updating = false;
  #controlLost = false;
  #bootAtMs: number;

  constructor(options: SimulatedShellyFirmwareOptions<Version>) {
    this.#host = options.host;
    this.#clock = options.clock;
    this.#plan = options.plan;
    this.#installed = options.installed;
    this.#offered = options.offered;
    this.#bootAtMs = options.clock.now();
  }

  get installed(): Version {
    return this.#installed;
  }

  get offered(): Version | undefined {
    return this.#offered;
  }

  /** True from the accepted request until the device has booted again. */
  get updating(): boolean {
    return this.#updating;
  }

  /** The installed image cannot drive its relays any more (an update that ended `control-lost`). */
  get controlLost(): boolean {
    return this.#controlLost;
  }

  /** Seconds since the last boot, as `uptime` reports it. */
  uptimeS(): number {
    return Math.floor((this.#clock.now() - this.#bootAtMs) / 1000);
  }

  /** Accepts an update of the offered version; undefined when nothing is offered or one is already running. */
  begin(): AcceptedUpdate | undefined {
    const target = this.#offered;
    if (target === undefined || this.#updating) return undefined;
    this.#updating = true;
    const start = (): void => {
      setImmediate(() => void this.#reboot(target));
    };
    return {
      // Pausing closes every connection, and the client must still get the reply that accepted the update.
      startAfter: (res) => void res.once('finish', start),
      startNow: start,
    };
  }

  /**
   * A plain reboot (Gen1 `/reboot`, Gen2 `Shelly.Reboot`): off the network for `bootMs`, then back on the same
   * firmware with uptime from zero. Refused (false) while an update runs.
   */
  reboot(bootMs: number): AcceptedUpdate | undefined {
    if (this.#updating) return undefined;
    this.#updating = true;
    const start = (): void => {
      setImmediate(() => void this.#restart(bootMs, this.#abort.signal));
    };
    return { startAfter: (res) => void res.once('finish', start), startNow: start };
  }

  /** Cancels a cycle in progress (the lab stops). */
  stop(): void {
    this.#abort.abort();
  }

  async #restart(bootMs: number, signal: AbortSignal): Promise<void> {
    try {
      if (signal.aborted) return;
      await this.#host.pauseAll();
      await this.#clock.sleep(bootMs, signal);
      this.#updating = false;
      this.#bootAtMs = this.#clock.now();
      if (!signal.aborted) await this.#host.resumeAll();
    } catch (error) {
      if (!signal.aborted) this.#host.log.debug({ err: error, device: this.#host.deviceName }, 'reboot failed');
    }
  }

  async #reboot(target: Version): Promise<void> {
    const signal = this.#abort.signal;
    const plan = this.#plan();
    try {
      if (signal.aborted) return;
      await this.#host.pauseAll();
      await this.#clock.sleep(plan.durationMs, signal);
      if (plan.outcome === 'never-returns') return;
      if (plan.outcome === 'ok' || plan.outcome === 'control-lost') {
        this.#installed = target;
        this.#offered = undefined;
        this.#controlLost = plan.outcome === 'control-lost';
      }
      this.#updating = false;
      this.#bootAtMs = this.#clock.now();
      if (!signal.aborted) await this.#host.resumeAll();
    } catch (error) {
      if (!signal.aborted) this.#host.log.debug({ err: error, device: this.#host.deviceName }, 'update cycle failed');
    }
  }
}
