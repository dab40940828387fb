import type { IotAnswer } from './api.ts';
import type { OfferedFirmware } from './cloud.ts';

/**
 * The firmware update of a simulated legacy device, driven over the real legacy API: `system.download_firmware
 * {url}`, `system.get_download_state`, `system.flash_firmware` (softScheck tplink-smartplug command list). The
 * simulator never fetches the URL: any URL stands for the scenario's update. Download is instant on the lab's
 * loopback; the flash and reboot take `durationMs`. The get_download_state fields (`status`, `ratio`) and the
 * error codes below are the simulator's own reconstruction; no capture of them is public.
 */
export const IOT_UPDATE_OUTCOMES = ['ok', 'fail-midway', 'never-returns', 'switch-to-klap'] as const;
export type IotUpdateOutcome = (typeof IOT_UPDATE_OUTCOMES)[number];

export interface IotUpdatePlan {
  version: string;
  durationMs: number;
  outcome: IotUpdateOutcome;
}

type Phase = 'idle' | 'downloaded' | 'flashing' | 'done';
const STATUS: Record<Phase, number> = { idle: 0, downloaded: 2, flashing: 3, done: 0 };

/** Phases of one pending update: idle → downloaded → flashing → done (or idle again after a failure). */
export class IotFirmwareUpdater {
  readonly #plan: IotUpdatePlan | undefined;
  readonly #model: string;
  readonly #onFlash: (plan: IotUpdatePlan) => void;
  #phase: Phase = 'idle';

  constructor(plan: IotUpdatePlan | undefined, model: string, onFlash: (plan: IotUpdatePlan) => void) {
    this.#plan = plan;
    this.#model = model;
    this.#onFlash = onFlash;
  }

  /** What the cloud offers in `get_intl_fw_list` until the update is installed. */
  offered(): OfferedFirmware | undefined {
    if (!this.#plan || this.#phase === 'done') return undefined;
    const file = `${this.#model.replace(/[^A-Za-z0-9]/g, '_')}_${this.#plan.version.split(' ')[0]}.bin`;
    return { version: this.#plan.version, url: `http://download.tplinkcloud.com/firmware/${file}` };
  }

  download(url: string): IotAnswer {
    if (!this.#plan || this.#phase === 'done' || !/^https?:\/\//.test(url)) {
      return { err_code: -1, err_msg: 'download firmware fail' };
    }
    if (this.#phase === 'idle') this.#phase = 'downloaded';
    return { err_code: 0 };
  }

  state(): IotAnswer {
    const ratio = this.#phase === 'downloaded' || this.#phase === 'flashing' ? 100 : 0;
    return { err_code: 0, ratio, status: STATUS[this.#phase] };
  }

  flash(): IotAnswer {
    if (this.#phase !== 'downloaded' || !this.#plan) return { err_code: -1, err_msg: 'no firmware downloaded' };
    this.#phase = 'flashing';
    const plan = this.#plan;
    // Answer first, then reboot: the device acknowledges flash_firmware before it goes away.
    setImmediate(() => this.#onFlash(plan));
    return { err_code: 0 };
  }

  /** Called once the device is back: an installed update is no longer offered; a failed one is offered again. */
  finished(installed: boolean): void {
    this.#phase = installed ? 'done' : 'idle';
  }

  /** Test seam: the same path as the API, without a client. */
  start(): boolean {
    const offered = this.offered();
    if (!offered || this.#phase !== 'idle') return false;
    this.download(offered.url);
    return this.flash().err_code === 0;
  }
}
