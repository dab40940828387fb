import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../util/clock.ts';
import { ChangeFeed } from '../../shelly/simulator/change-feed.ts';
import { gen1LeaksPassword, gen1Version } from '../../shelly/simulator/firmware-strings.ts';
import type { AcceptedUpdate, SimulatedShellyFirmware } from '../../shelly/simulator/firmware-update.ts';
import { child, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import type { CoiotSource } from './coiot.ts';
import { gen1CoiotModel } from './coiot-description.ts';
import { type Gen1Change, Gen1Controls } from './controls.ts';
import type { Gen1Dump } from './profiles.ts';

/** Restricted login of a Gen1 device (`settings.login`). */
export interface Gen1Login {
  enabled: boolean;
  unprotected: boolean;
  username: string;
  password: string | undefined;
}

export interface SimulatedShellyGen1Options {
  dump: Gen1Dump;
  login: Gen1Login;
  /** The installed build and the one offered (`status.update.new_version`), with the update cycle. */
  firmware: SimulatedShellyFirmware<string>;
  clock: Clock;
  /** The device's own IP address, reported in `status.wifi_sta.ip`. */
  address: string;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** How long a Gen1 device is away on `/reboot`. */
const REBOOT_MS = 3000;

/**
 * The state of one Gen1 Shelly: a replayed dump plus what writes changed (channels, settings, login, cloud,
 * firmware). Every read is built from the current state, so a relay switched over HTTP shows in /status, /relay/N,
 * /settings and the next CoIoT status alike.
 */
export class SimulatedShellyGen1 {
  readonly #dump: Gen1Dump;
  readonly #clock: Clock;
  readonly #address: string;
  readonly #firmware: SimulatedShellyFirmware<string>;
  readonly changes = new ChangeFeed<Gen1Change>();
  readonly controls: Gen1Controls;
  #login: Gen1Login;

  constructor(options: SimulatedShellyGen1Options) {
    this.#dump = options.dump;
    this.#login = options.login;
    this.#firmware = options.firmware;
    this.#clock = options.clock;
    this.#address = options.address;
    this.controls = new Gen1Controls({ dump: options.dump, clock: options.clock, feed: this.changes });
  }

  get firmware(): string {
    return this.#firmware.installed;
  }

  /** The raw settings document, for the `/settings/*` setters. */
  get settingsDocument(): JsonRecord {
    return this.#dump.settings;
  }

  get hostname(): string {
    const host = child(this.#dump.settings, 'device').hostname;
    return typeof host === 'string' ? host : `shelly-${String(this.#dump.shelly.mac ?? '').slice(6)}`;
  }

  /** The installed firmware lost its channels (update outcome `control-lost`): they answer as if absent. */
  get controlLost(): boolean {
    return this.#firmware.controlLost;
  }

  /** `/cit/d` over HTTP exists since v1.10.0 (Gen1 API docs, changelog v1.10.0). */
  get httpCitD(): boolean {
    const version = gen1Version(this.firmware);
    return version !== undefined && (version[0] > 1 || (version[0] === 1 && version[1] >= 10));
  }

  /** CoIoT v2 came with v1.8.0; older firmware spoke CoIoT v1, which the lab does not simulate. */
  get coiotV2(): boolean {
    const version = gen1Version(this.firmware);
    return version !== undefined && (version[0] > 1 || (version[0] === 1 && version[1] >= 8));
  }

  /** True when the request may read protected endpoints: login off, or Basic credentials that match (RFC 7617). */
  authorize(authorization: string | undefined): boolean {
    if (!this.#login.enabled) return true;
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    return sameText(username, this.#login.username) && sameText(password, this.#login.password ?? '');
  }

  /** GET /shelly: never protected. */
  shelly(): JsonRecord {
    return { ...structuredClone(this.#dump.shelly), auth: this.#login.enabled, fw: this.firmware };
  }

  /** GET /settings, with the v1.5.x clear-text password when the firmware is that old. */
  settings(): JsonRecord {
    const settings = structuredClone(this.#dump.settings);
    settings.fw = this.firmware;
    if (settings.build_info && typeof settings.build_info === 'object')
      child(settings, 'build_info').build_id = this.firmware;
    settings.login = this.login();
    settings.unixtime = Math.floor(this.#clock.now() / 1000);
    if (Array.isArray(settings.rollers)) {
      settings.rollers = settings.rollers.map((roller, index) => {
        const live = this.controls.roller(index);
        return live ? { ...roller, state: live.state } : roller;
      });
    }
    return settings;
  }

  /** GET /status. */
  status(): JsonRecord {
    const status = structuredClone(this.#dump.status);
    Object.assign(child(status, 'update'), this.ota());
    status.has_update = this.#firmware.offered !== undefined;
    child(status, 'wifi_sta').ip = this.#address;
    status.unixtime = Math.floor(this.#clock.now() / 1000);
    status.uptime = this.#firmware.uptimeS();
    this.controls.statusView(status);
    if (this.controlLost) {
      delete status.relays;
      delete status.rollers;
      delete status.lights;
    }
    return status;
  }

  /** The device's CoIoT view: identity, description and values, settings and changes. */
  coiotSource(): CoiotSource {
    return {
      globalDevId: () => {
        const mac = String(this.#dump.shelly.mac ?? '').toUpperCase();
        const id = this.#dump.shelly.longid === 0 ? mac.slice(6) : mac;
        return `${String(this.#dump.shelly.type ?? '')}#${id}#2`;
      },
      model: () => gen1CoiotModel(this.settings(), this.status()),
      settings: () => {
        const coiot = child(this.#dump.settings, 'coiot');
        const period = typeof coiot.update_period === 'number' ? coiot.update_period : 15;
        return { enabled: coiot.enabled !== false, peer: String(coiot.peer ?? ''), updatePeriodS: period };
      },
      subscribe: (listener) => this.changes.subscribe(listener),
    };
  }

  /** Records a settings change: `cfg_changed_cnt` moves (it is a CoIoT property too) and readers hear of it. */
  settingsChanged(): void {
    const status = this.#dump.status;
    status.cfg_changed_cnt = (typeof status.cfg_changed_cnt === 'number' ? status.cfg_changed_cnt : 0) + 1;
    const name = this.#dump.settings.name;
    if ('name' in this.#dump.shelly && (typeof name === 'string' || name === null)) this.#dump.shelly.name = name;
    this.changes.emit({ kind: 'settings' });
  }

  /** The `login` object as /settings and /settings/login show it. */
  login(): JsonRecord {
    const view: JsonRecord = {
      enabled: this.#login.enabled,
      unprotected: this.#login.unprotected,
      username: this.#login.username,
    };
    if (gen1LeaksPassword(this.firmware) && this.#login.password !== undefined) view.password = this.#login.password;
    return view;
  }

  /** GET /settings/login?enabled=&username=&password=: changes the restricted login. */
  setLogin(change: { enabled?: boolean; unprotected?: boolean; username?: string; password?: string }): void {
    const next = { ...this.#login };
    if (change.enabled !== undefined) next.enabled = change.enabled;
    if (change.unprotected !== undefined) next.unprotected = change.unprotected;
    if (change.username !== undefined) next.username = change.username;
    if (change.password !== undefined) next.password = change.password;
    this.#login = next;
  }

  cloud(): JsonRecord {
    const cloud = child(this.#dump.settings, 'cloud');
    return { enabled: cloud.enabled === true, connected: cloud.connected === true };
  }

  /** GET /settings/cloud?enabled=0|1. The lab has no cloud, but "connected" follows the switch as it would. */
  setCloud(enabled: boolean): void {
    Object.assign(child(this.#dump.settings, 'cloud'), { enabled, connected: enabled });
    Object.assign(child(this.#dump.status, 'cloud'), { enabled, connected: enabled });
  }

  /** GET /ota: `{status, has_update, new_version, old_version}` (plus `beta_version` when the capture had one). */
  ota(): JsonRecord {
    const previous = child(this.#dump.status, 'update');
    const offered = this.#firmware.offered;
    const view: JsonRecord = {
      status: this.#firmware.updating ? 'updating' : offered ? 'pending' : 'idle',
      has_update: offered !== undefined,
      new_version: offered ?? this.firmware,
      old_version: this.firmware,
    };
    if (typeof previous.beta_version === 'string') view.beta_version = previous.beta_version;
    return view;
  }

  /** GET /ota?update=true: accepts installing the offered firmware; undefined when there is nothing to do. */
  beginUpdate(): AcceptedUpdate | undefined {
    return this.#firmware.begin();
  }

  /** GET /reboot. */
  reboot(): AcceptedUpdate | undefined {
    return this.#firmware.reboot(REBOOT_MS);
  }

  /** Cancels an update cycle, timers and movements (the lab stops). */
  stopUpdate(): void {
    this.#firmware.stop();
    this.controls.stop();
  }
}
