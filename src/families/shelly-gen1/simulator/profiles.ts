import type { JsonRecord } from '../../shelly/simulator/json-tools.ts';
import {
  deviceTemperature,
  lightSettings,
  lightStatus,
  meterStatus,
  relaySettings,
  relayStatus,
  rollerSettings,
  times,
} from './profile-channels.ts';

/** A Gen1 whole-device dump in the aioshelly format: GET /shelly, /settings and /status. */
export interface Gen1Dump {
  shelly: JsonRecord;
  settings: JsonRecord;
  status: JsonRecord;
}

interface Gen1Model {
  /** Hostname prefix: the device is `shelly1-A1B2C3` on the network. */
  host: string;
  relays: number;
  meters: number;
  inputs: number;
  lights?: number;
  rollers?: number;
  /** Reports its own temperature (`tmp`, `temperature`, `overtemperature`). */
  deviceTemp?: boolean;
  /** Takes the temperature add-on (`ext_temperature`, `ext_humidity`; Shelly 1/1PM). */
  addOn?: boolean;
  hwRevision: string;
}

/** Gen1 models the lab can serve without a capture; field names follow the gen1_* captures. */
export const GEN1_MODELS: Record<string, Gen1Model> = {
  'SHSW-1': { host: 'shelly1', relays: 1, meters: 0, inputs: 1, addOn: true, hwRevision: 'prod-190516' },
  'SHSW-PM': {
    host: 'shelly1pm',
    relays: 1,
    meters: 1,
    inputs: 1,
    deviceTemp: true,
    addOn: true,
    hwRevision: 'prod-190523',
  },
  'SHSW-25': {
    host: 'shellyswitch25',
    relays: 2,
    meters: 2,
    inputs: 2,
    rollers: 1,
    deviceTemp: true,
    hwRevision: 'prod-2019-03',
  },
  'SHPLG-S': { host: 'shellyplug-s', relays: 1, meters: 1, inputs: 0, deviceTemp: true, hwRevision: 'prod-190516' },
  'SHDM-2': {
    host: 'shellydimmer2',
    relays: 0,
    meters: 1,
    inputs: 2,
    lights: 1,
    deviceTemp: true,
    hwRevision: 'prod-2020-03',
  },
};

export interface Gen1ProfileOptions {
  macHex: string;
  name: string;
  fw: string;
  /** Shelly 2.5 only: `relay` (default) or `roller`. */
  mode?: 'relay' | 'roller';
}

function buildTimestamp(fw: string): string {
  const build = fw.split('/')[0] ?? '';
  return `${build.slice(0, 4)}-${build.slice(4, 6)}-${build.slice(6, 8)}T${build.slice(9, 11)}:${build.slice(11, 13)}:${build.slice(13, 15)}Z`;
}

function baseSettings(model: string, spec: Gen1Model, options: Gen1ProfileOptions): JsonRecord {
  const { macHex, name, fw } = options;
  const hostname = `${spec.host}-${macHex.slice(6)}`;
  const counts = { num_outputs: spec.relays || (spec.lights ?? 0), num_meters: spec.meters };
  return {
    device: { type: model, mac: macHex, hostname, ...counts, ...(spec.rollers ? { num_rollers: spec.rollers } : {}) },
    wifi_ap: { enabled: false, ssid: hostname, key: '' },
    wifi_sta: {
      enabled: true,
      ssid: 'Wifi-Network-Name',
      ipv4_method: 'dhcp',
      ip: null,
      gw: null,
      mask: null,
      dns: null,
    },
    wifi_sta1: { enabled: false, ssid: null, ipv4_method: 'dhcp', ip: null, gw: null, mask: null, dns: null },
    ap_roaming: { enabled: false, threshold: -70 },
    mqtt: {
      enable: false,
      server: '192.168.33.3:1883',
      user: '',
      id: hostname,
      reconnect_timeout_max: 60.0,
      reconnect_timeout_min: 2.0,
      clean_session: true,
      keep_alive: 60,
      max_qos: 0,
      retain: false,
      update_period: 30,
    },
    coiot: { enabled: true, update_period: 15, peer: '' },
    sntp: { server: 'time.google.com', enabled: true },
    login: { enabled: false, unprotected: false, username: 'admin' },
    pin_code: '',
    name,
    fw,
    discoverable: false,
    build_info: { build_id: fw, build_timestamp: buildTimestamp(fw), build_version: '1.0' },
    cloud: { enabled: false, connected: false },
    timezone: 'Europe/Berlin',
    lat: 52.52,
    lng: 13.405,
    tzautodetect: true,
    tz_utc_offset: 3600,
    tz_dst: false,
    tz_dst_auto: true,
    time: '',
    unixtime: 0,
    debug_enable: false,
    allow_cross_origin: false,
    actions: { active: false, names: ['btn_on_url', 'btn_off_url', 'out_on_url', 'out_off_url'] },
    hwinfo: { hw_revision: spec.hwRevision, batch_id: 1 },
    mode: spec.lights ? 'white' : (options.mode ?? 'relay'),
    longpush_time: 800,
    factory_reset_from_switch: true,
    eco_mode_enabled: true,
  };
}

function baseStatus(macHex: string, fw: string, spec: Gen1Model): JsonRecord {
  return {
    wifi_sta: { connected: true, ssid: 'Wifi-Network-Name', ip: null, rssi: -58 },
    cloud: { enabled: false, connected: false },
    mqtt: { connected: false },
    time: '',
    unixtime: 0,
    serial: 1,
    has_update: false,
    mac: macHex,
    cfg_changed_cnt: 0,
    actions_stats: { skipped: 0 },
    inputs: times(spec.inputs, () => ({ input: 0, event: '', event_cnt: 0 })),
    update: { status: 'idle', has_update: false, new_version: fw, old_version: fw },
    ram_total: 50592,
    ram_free: 38756,
    fs_size: 233681,
    fs_free: 146333,
    uptime: 0,
  };
}

/** A realistic dump for `model`, with the device's own MAC (`AABBCCDDEEFF` form), name and firmware. */
export function gen1Profile(model: string, options: Gen1ProfileOptions): Gen1Dump {
  const spec = GEN1_MODELS[model];
  if (!spec) throw new Error(`no built-in Gen1 profile for ${model}`);
  const { macHex, name, fw } = options;
  const metering = spec.meters > 0;
  const shelly: JsonRecord = {
    type: model,
    mac: macHex,
    auth: false,
    fw,
    discoverable: false,
    longid: 1,
    name,
    num_outputs: spec.relays || (spec.lights ?? 0),
    num_meters: spec.meters,
    ...(spec.rollers ? { num_rollers: spec.rollers } : {}),
  };
  const settings = baseSettings(model, spec, options);
  const status = baseStatus(macHex, fw, spec);
  if (spec.relays) {
    settings.relays = times(spec.relays, () => relaySettings(metering));
    status.relays = times(spec.relays, () => relayStatus(metering));
  }
  if (spec.rollers) settings.rollers = times(spec.rollers, () => rollerSettings());
  if (spec.lights) {
    settings.lights = times(spec.lights, () => lightSettings());
    status.lights = times(spec.lights, () => lightStatus());
  }
  if (spec.meters) status.meters = times(spec.meters, () => meterStatus());
  if (spec.addOn) {
    for (const key of ['ext_sensors', 'ext_temperature', 'ext_humidity']) {
      settings[key] = {};
      status[key] = {};
    }
  }
  if (spec.deviceTemp) Object.assign(status, deviceTemperature(38.5));
  return { shelly, settings, status };
}
