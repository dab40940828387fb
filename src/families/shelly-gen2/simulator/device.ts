import type { Clock } from '../../../util/clock.ts';
import type { Gen2Firmware } from '../../shelly/simulator/firmware-strings.ts';
import { child, isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import type { Gen2Dump } from './profiles.ts';

/** An update the device offers on its stable channel (`sys.available_updates.stable`). */
export interface StableOffer {
  version: string;
  build_id: string;
}

export interface SimulatedShellyGen2Options {
  dump: Gen2Dump;
  fw: Gen2Firmware;
  offered: StableOffer | undefined;
  /** Set when auth is enabled. */
  password: string | undefined;
  clock: Clock;
  /** The device's own IP address, reported in `wifi.sta_ip`. */
  address: string;
}

/**
 * The state of one Gen2+ Shelly: a replayed dump plus what RPC writes changed (cloud, firmware). Reads are built
 * from the current state, so Cloud.SetConfig shows up in the next Shelly.GetConfig.
 */
export class SimulatedShellyGen2 {
  readonly #dump: Gen2Dump;
  readonly #clock: Clock;
  readonly #address: string;
  readonly password: string | undefined;
  #fw: Gen2Firmware;
  #offered: StableOffer | undefined;
  #updating = false;
  #bootAtMs: number;

  constructor(options: SimulatedShellyGen2Options) {
    this.#dump = options.dump;
    this.#fw = options.fw;
    this.#offered = options.offered;
    this.password = options.password;
    this.#clock = options.clock;
    this.#address = options.address;
    this.#bootAtMs = options.clock.now();
  }

  /** The device id, e.g. `shellyplus1pm-a8032ab1c2d3`: also the digest realm. */
  get id(): string {
    return String(this.#dump.shelly.id ?? '');
  }

  get gen(): number {
    return Number(this.#dump.shelly.gen ?? 2);
  }

  get firmware(): Gen2Firmware {
    return this.#fw;
  }

  get authEnabled(): boolean {
    return this.password !== undefined;
  }

  /** GET /shelly and Shelly.GetDeviceInfo: never protected. */
  deviceInfo(): JsonRecord {
    const info = structuredClone(this.#dump.shelly);
    info.fw_id = this.#fw.fwId;
    info.ver = this.#fw.ver;
    info.auth_en = this.authEnabled;
    info.auth_domain = this.authEnabled ? this.id : null;
    if ('available_updates' in info) info.available_updates = this.#availableUpdates();
    return info;
  }

  /** Shelly.GetConfig. */
  config(): JsonRecord {
    const config = structuredClone(this.#dump.config);
    child(child(config, 'sys'), 'device').fw_id = this.#fw.fwId;
    return config;
  }

  /** Shelly.GetStatus. */
  status(): JsonRecord {
    const status = structuredClone(this.#dump.status);
    const sys = child(status, 'sys');
    sys.available_updates = this.#availableUpdates();
    sys.unixtime = Math.floor(this.#clock.now() / 1000);
    sys.uptime = Math.floor((this.#clock.now() - this.#bootAtMs) / 1000);
    child(status, 'wifi').sta_ip = this.#address;
    child(status, 'cloud').connected = this.cloudEnabled();
    return status;
  }

  cloudEnabled(): boolean {
    return child(this.#dump.config, 'cloud').enable === true;
  }

  /** Cloud.SetConfig `{config: {enable}}`. The lab has no cloud; "connected" follows the switch as it would. */
  setCloud(enable: boolean): void {
    child(this.#dump.config, 'cloud').enable = enable;
  }

  /** Shelly.CheckForUpdate: `{}` or `{stable: {version, build_id}}` (plus `beta` when the capture offered one). */
  checkForUpdate(): JsonRecord {
    const answer: JsonRecord = {};
    const beta = this.#capturedUpdates().beta;
    if (this.#offered) answer.stable = { ...this.#offered };
    if (isRecord(beta)) answer.beta = structuredClone(beta);
    return answer;
  }

  /** Starts installing the stable offer; undefined when there is none or an update is running. */
  beginUpdate(): { install(): void; rollback(): void } | undefined {
    const target = this.#offered;
    if (!target || this.#updating) return undefined;
    this.#updating = true;
    return {
      install: () => {
        this.#fw = { ver: target.version, fwId: target.build_id };
        this.#offered = undefined;
        this.#updating = false;
        this.#bootAtMs = this.#clock.now();
      },
      rollback: () => {
        this.#updating = false;
        this.#bootAtMs = this.#clock.now();
      },
    };
  }

  #capturedUpdates(): JsonRecord {
    const updates = child(child(this.#dump.status, 'sys'), 'available_updates');
    return updates;
  }

  #availableUpdates(): JsonRecord {
    const { stable: _stable, ...others } = structuredClone(this.#capturedUpdates());
    return this.#offered ? { ...others, stable: { version: this.#offered.version } } : others;
  }
}
