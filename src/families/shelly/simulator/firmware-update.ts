import type { ServerResponse } from 'node:http';
import type { DeviceHost } from '../../../lab/core/device-host.ts';
import type { Clock } from '../../../util/clock.ts';
import type { UpdateOutcome } from './settings.ts';

export interface UpdateCycle {
  durationMs: number;
  outcome: UpdateOutcome;
  /** The new image booted: switch to the new version. */
  install(): void;
  /** The update failed midway: the device comes back on its old version. */
  rollback(): void;
}

/**
 * The reboot part of a Shelly OTA: the device drops off the network (`host.pauseAll`, connections refused), waits
 * `durationMs` on the clock (FakeClock in tests), then boots the new image, the old one, or never comes back.
 */
export class SimulatedFirmwareUpdate {
  readonly #host: DeviceHost;
  readonly #clock: Clock;
  readonly #abort = new AbortController();
  #running = false;

  constructor(host: DeviceHost, clock: Clock) {
    this.#host = host;
    this.#clock = clock;
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Starts the cycle once the answer that accepted the update has left: pausing closes every connection, and
   * the client must still get its reply.
   */
  startAfter(res: ServerResponse, cycle: UpdateCycle): void {
    this.#running = true;
    res.once('finish', () => setImmediate(() => void this.#run(cycle)));
  }

  /** Cancels a cycle in progress (the lab stops). */
  stop(): void {
    this.#abort.abort();
  }

  async #run(cycle: UpdateCycle): Promise<void> {
    const signal = this.#abort.signal;
    try {
      if (signal.aborted) return;
      await this.#host.pauseAll();
      await this.#clock.sleep(cycle.durationMs, signal);
      if (cycle.outcome === 'never-returns') return;
      if (cycle.outcome === 'ok') cycle.install();
      else cycle.rollback();
      this.#running = false;
      if (!signal.aborted) await this.#host.resumeAll();
    } catch (error) {
      if (!signal.aborted) this.#host.log.debug({ err: error, device: this.#host.deviceName }, 'update cycle failed');
    }
  }
}
