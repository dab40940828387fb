import type { Clock } from '../../../util/clock.ts';
import type { Gen2Firmware } from '../../shelly/simulator/firmware-strings.ts';
import type { AcceptedUpdate, SimulatedShellyFirmware } from '../../shelly/simulator/firmware-update.ts';
import { child, isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import type { Gen2Dump } from './profiles.ts';

/** An update the device offers on its stable channel (`sys.available_updates.stable`). */
export interface StableOffer {
  version: string;
  build_id: string;
}

export interface SimulatedShellyGen2Options {
  dump: Gen2Dump;
  /** The installed firmware and the stable offer, with the update cycle. */
  firmware: SimulatedShellyFirmware<Gen2Firmware>;
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
  readonly #firmware: SimulatedShellyFirmware<Gen2Firmware>;

  constructor(options: SimulatedShellyGen2Options) {
    this.#dump = options.dump;
    this.#firmware = options.firmware;
    this.password = options.password;
    this.#clock = options.clock;
    this.#address = options.address;
  }

  /** The device id, e.g. `shellyplus1pm-a8032ab1c2d3`: also the digest realm. */
  get id(): string {
    return String(this.#dump.shelly.id ?? '');
  }

  get gen(): number {
    return Number(this.#dump.shelly.gen ?? 2);
  }

  get firmware(): Gen2Firmware {
    return this.#firmware.installed;
  }

  get authEnabled(): boolean {
    return this.password !== undefined;
  }

  /** GET /shelly and Shelly.GetDeviceInfo: never protected. */
  deviceInfo(): JsonRecord {
    const info = structuredClone(this.#dump.shelly);
    info.fw_id = this.firmware.fwId;
    info.ver = this.firmware.ver;
    info.auth_en = this.authEnabled;
    info.auth_domain = this.authEnabled ? this.id : null;
    if ('available_updates' in info) info.available_updates = this.#availableUpdates();
    return info;
  }

  /** Shelly.GetConfig. */
  config(): JsonRecord {
    const config = structuredClone(this.#dump.config);
    child(child(config, 'sys'), 'device').fw_id = this.firmware.fwId;
    return config;
  }

  /** Shelly.GetStatus. */
  status(): JsonRecord {
    const status = structuredClone(this.#dump.status);
    const sys = child(status, 'sys');
    sys.available_updates = this.#availableUpdates();
    sys.unixtime = Math.floor(this.#clock.now() / 1000);
    sys.uptime = this.#firmware.uptimeS();
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
    const offered = this.#firmware.offered;
    if (offered) answer.stable = { version: offered.ver, build_id: offered.fwId };
    if (isRecord(beta)) answer.beta = structuredClone(beta);
    return answer;
  }

  /** Shelly.Update: accepts installing the stable offer; undefined when there is none or an update is running. */
  beginUpdate(): AcceptedUpdate | undefined {
    return this.#firmware.begin();
  }

  /** Cancels an update cycle in progress (the lab stops). */
  stopUpdate(): void {
    this.#firmware.stop();
  }

  #capturedUpdates(): JsonRecord {
    const updates = child(child(this.#dump.status, 'sys'), 'available_updates');
    return updates;
  }

  #availableUpdates(): JsonRecord {
    const { stable: _stable, ...others } = structuredClone(this.#capturedUpdates());
    const offered = this.#firmware.offered;
    return offered ? { ...others, stable: { version: offered.ver } } : others;
  }
}
