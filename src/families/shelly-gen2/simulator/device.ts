import { createHash } from 'node:crypto';
import type { Clock } from '../../../util/clock.ts';
import { ChangeFeed } from '../../shelly/simulator/change-feed.ts';
import type { Gen2Firmware } from '../../shelly/simulator/firmware-strings.ts';
import type { AcceptedUpdate, SimulatedShellyFirmware } from '../../shelly/simulator/firmware-update.ts';
import { child, isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import { componentType } from './components.ts';
import { Gen2Controls, type StatusDeltas, unixSeconds } from './controls.ts';
import { type NonceRules, SimulatedDigestGuard } from './digest-guard.ts';
import type { Gen2Dump } from './profiles.ts';

/** An update the device offers on its stable channel (`sys.available_updates.stable`). */
export interface StableOffer {
  version: string;
  build_id: string;
}

/** What changed: component status deltas (NotifyStatus) or events (NotifyEvent), each with its time. */
export type Gen2Change =
  | { kind: 'status'; ts: number; deltas: StatusDeltas }
  | { kind: 'event'; ts: number; events: JsonRecord[] };

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

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** How long a Gen2 device is away on `Shelly.Reboot`. */
const REBOOT_MS = 3000;

/**
 * The state of one Gen2+ Shelly: a replayed dump plus what RPC writes changed (outputs, configs, auth, firmware).
 * Reads are built from the current state, so a switch set over WebSocket shows in HTTP `Switch.GetStatus`,
 * `Shelly.GetStatus` and `/relay/0`, and every change goes out on the change feed as a notification.
 */
export class SimulatedShellyGen2 {
  readonly #dump: Gen2Dump;
  readonly #clock: Clock;
  readonly #address: string;
  readonly #firmware: SimulatedShellyFirmware<Gen2Firmware>;
  readonly changes = new ChangeFeed<Gen2Change>();
  readonly controls: Gen2Controls;
  #guard: SimulatedDigestGuard | undefined;

  constructor(options: SimulatedShellyGen2Options) {
    this.#dump = options.dump;
    this.#firmware = options.firmware;
    this.#clock = options.clock;
    this.#address = options.address;
    this.controls = new Gen2Controls({
      dump: options.dump,
      clock: options.clock,
      notify: (deltas) => this.changes.emit({ kind: 'status', ts: this.ts(), deltas }),
    });
    if (options.password !== undefined) this.setAuth(sha256(`admin:${this.id}:${options.password}`));
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

  /** Major version of the installed firmware: 2.0.0 changed nonce handling (see digest-guard.ts). */
  get firmwareMajor(): number {
    return Number(/^(\d+)\./.exec(this.firmware.ver)?.[1] ?? 1);
  }

  get authEnabled(): boolean {
    return this.#guard !== undefined;
  }

  /** The digest guard while auth is on. */
  get guard(): SimulatedDigestGuard | undefined {
    return this.#guard;
  }

  /** The installed firmware lost its output components (update outcome `control-lost`). */
  get controlLost(): boolean {
    return this.#firmware.controlLost;
  }

  /** The raw documents, for the RPC handlers. */
  get dump(): Gen2Dump {
    return this.#dump;
  }

  /** Now, as a notification's `ts`. */
  ts(): number {
    return unixSeconds(this.#clock.now());
  }

  /** `Shelly.SetAuth`: a new ha1 turns auth on (or changes the password), null turns it off. */
  setAuth(ha1: string | null): void {
    if (ha1 === null) {
      this.#guard = undefined;
      return;
    }
    if (this.#guard) {
      this.#guard.setHa1(ha1);
      return;
    }
    const rules = (): NonceRules => (this.firmwareMajor >= 2 ? 'counted' : 'timestamp');
    this.#guard = new SimulatedDigestGuard({ realm: this.id, ha1, clock: this.#clock, rules });
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
    if (this.controlLost) this.#dropOutputs(config);
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
    this.controls.statusView(status);
    if (this.controlLost) this.#dropOutputs(status);
    return status;
  }

  cloudEnabled(): boolean {
    return child(this.#dump.config, 'cloud').enable === true;
  }

  /** Cloud.SetConfig `{config: {enable}}`. The lab has no cloud; "connected" follows the switch as it would. */
  setCloud(enable: boolean): void {
    child(this.#dump.config, 'cloud').enable = enable;
  }

  /**
   * Records a config change of `key`: `cfg_rev` moves, and readers get a `config_changed` NotifyEvent and the new
   * `sys.cfg_rev` as NotifyStatus (Gen2 API docs, Components and Services: Notifications).
   */
  configChanged(key: string): void {
    const sysConfig = child(this.#dump.config, 'sys');
    const revision = (typeof sysConfig.cfg_rev === 'number' ? sysConfig.cfg_rev : 0) + 1;
    sysConfig.cfg_rev = revision;
    child(this.#dump.status, 'sys').cfg_rev = revision;
    const name = child(sysConfig, 'device').name;
    if (key === 'sys' && (typeof name === 'string' || name === null)) this.#dump.shelly.name = name;
    const ts = this.ts();
    const event: JsonRecord = {
      component: key,
      event: 'config_changed',
      restart_required: false,
      ts,
      cfg_rev: revision,
    };
    const id = Number(key.split(':')[1]);
    if (Number.isInteger(id)) event.id = id;
    this.changes.emit({ kind: 'event', ts, events: [event] });
    this.changes.emit({ kind: 'status', ts, deltas: { sys: { cfg_rev: revision } } });
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

  /** Shelly.Reboot. */
  reboot(): AcceptedUpdate | undefined {
    return this.#firmware.reboot(REBOOT_MS);
  }

  /** Cancels an update cycle, timers and movements (the lab stops). */
  stopUpdate(): void {
    this.#firmware.stop();
    this.controls.stop();
  }

  #dropOutputs(document: JsonRecord): void {
    for (const key of Object.keys(document)) {
      if (['switch', 'cover', 'light'].includes(componentType(key))) delete document[key];
    }
  }

  #capturedUpdates(): JsonRecord {
    return child(child(this.#dump.status, 'sys'), 'available_updates');
  }

  #availableUpdates(): JsonRecord {
    const { stable: _stable, ...others } = structuredClone(this.#capturedUpdates());
    const offered = this.#firmware.offered;
    return offered ? { ...others, stable: { version: offered.ver } } : others;
  }
}
