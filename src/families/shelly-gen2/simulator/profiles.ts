import type { JsonRecord } from '../../shelly/simulator/json-tools.ts';
import {
  components,
  coverConfig,
  coverStatus,
  lightConfig,
  lightStatus,
  switchConfig,
  switchStatus,
} from './profile-components.ts';

/** A Gen2+ whole-device dump in the aioshelly format: Shelly.GetDeviceInfo, Shelly.GetConfig, Shelly.GetStatus. */
export interface Gen2Dump {
  shelly: JsonRecord;
  config: JsonRecord;
  status: JsonRecord;
}

interface Gen2Model {
  app: string;
  /** Device id prefix: the id is `<prefix>-<mac in lower case>`. */
  idPrefix: string;
  gen: 2 | 3 | 4;
  switches: number;
  inputs: number;
  /** Switches meter power (the "PM" models). */
  metering: boolean;
  /** Dimmed lights instead of switches. */
  lights?: number;
  /** Has a cover profile (two switches become one cover: `profile: cover`). */
  cover?: boolean;
  ethernet?: boolean;
  cloudServer: string;
}

/** Gen2+ models the lab can serve without a capture. App names and ids follow the gen2_* and rpc/* captures. */
export const GEN2_MODELS: Record<string, Gen2Model> = {
  'SNSW-001P16EU': {
    app: 'Plus1PM',
    idPrefix: 'shellyplus1pm',
    gen: 2,
    switches: 1,
    inputs: 1,
    metering: true,
    cloudServer: 'shelly-103-eu.shelly.cloud:6022/jrpc',
  },
  'SNSW-102P16EU': {
    app: 'Plus2PM',
    idPrefix: 'shellyplus2pm',
    gen: 2,
    switches: 2,
    inputs: 2,
    metering: true,
    cover: true,
    cloudServer: 'shelly-103-eu.shelly.cloud:6022/jrpc',
  },
  'SNPL-00112EU': {
    app: 'PlusPlugS',
    idPrefix: 'shellyplusplugs',
    gen: 2,
    switches: 1,
    inputs: 0,
    metering: true,
    cloudServer: 'shelly-9-eu.shelly.cloud:6022/jrpc',
  },
  'SPSW-004PE16EU': {
    app: 'Pro4PM',
    idPrefix: 'shellypro4pm',
    gen: 2,
    switches: 4,
    inputs: 4,
    metering: true,
    ethernet: true,
    cloudServer: 'shelly-91-eu.shelly.cloud:6022/jrpc',
  },
  'S3SW-001X16EU': {
    app: 'S1G3',
    idPrefix: 'shelly1g3',
    gen: 3,
    switches: 1,
    inputs: 1,
    metering: false,
    cloudServer: 'iot.shelly.cloud:6012/jrpc',
  },
  // Shelly Dimmer Gen3 (aioshelly const MODEL_DIMMER_G3); the app name and id prefix follow the Gen3 pattern.
  'S3DM-0A101WWL': {
    app: 'DimmerG3',
    idPrefix: 'shellydimmerg3',
    gen: 3,
    switches: 0,
    inputs: 2,
    metering: true,
    lights: 1,
    cloudServer: 'iot.shelly.cloud:6012/jrpc',
  },
};

/** A realistic dump for `model` with the device's MAC (`AABBCCDDEEFF` form), name and firmware. */
export function gen2Profile(
  model: string,
  options: { macHex: string; name: string; ver: string; fwId: string; profile?: 'switch' | 'cover' },
): Gen2Dump {
  const spec = GEN2_MODELS[model];
  if (!spec) throw new Error(`no built-in Gen2+ profile for ${model}`);
  const { macHex, name, ver, fwId } = options;
  const id = `${spec.idPrefix}-${macHex.toLowerCase()}`;
  const cover = options.profile === 'cover' && spec.cover === true;
  const shelly: JsonRecord = {
    name,
    id,
    mac: macHex,
    slot: 0,
    model,
    gen: spec.gen,
    fw_id: fwId,
    ver,
    app: spec.app,
    auth_en: false,
    auth_domain: null,
    ...(spec.cover ? { profile: cover ? 'cover' : 'switch' } : {}),
  };
  const switches = cover ? 0 : spec.switches;
  const outputsConfig = {
    ...components(switches, (i) => switchConfig(i, spec.inputs, spec.metering), 'switch'),
    ...components(cover ? 1 : 0, coverConfig, 'cover'),
    ...components(spec.lights ?? 0, lightConfig, 'light'),
  };
  const outputsStatus = {
    ...components(switches, (i) => switchStatus(i, spec.metering), 'switch'),
    ...components(cover ? 1 : 0, coverStatus, 'cover'),
    ...components(spec.lights ?? 0, lightStatus, 'light'),
  };
  const config: JsonRecord = {
    ble: { enable: true, rpc: { enable: true }, observer: { enable: false } },
    cloud: { enable: false, server: spec.cloudServer },
    mqtt: {
      enable: false,
      server: null,
      client_id: id,
      user: null,
      ssl_ca: null,
      topic_prefix: id,
      rpc_ntf: true,
      status_ntf: false,
      use_client_cert: false,
      enable_rpc: true,
      enable_control: true,
    },
    ...(spec.ethernet
      ? { eth: { enable: true, ipv4mode: 'dhcp', ip: null, netmask: null, gw: null, nameserver: null } }
      : {}),
    ...components(spec.inputs, (i) => ({ id: i, name: null, type: 'switch', enable: true, invert: false }), 'input'),
    ...outputsConfig,
    sys: {
      device: { name, mac: macHex, fw_id: fwId, discoverable: true, eco_mode: false },
      location: { tz: 'Europe/Berlin', lat: 52.52, lon: 13.405 },
      debug: { level: 2, file_level: null, mqtt: { enable: false }, websocket: { enable: false }, udp: { addr: null } },
      ui_data: {},
      rpc_udp: { dst_addr: null, listen_port: null },
      sntp: { server: 'time.google.com' },
      cfg_rev: 12,
    },
    wifi: {
      ap: { ssid: `${spec.idPrefix.replace(/^shelly/, 'Shelly')}-${macHex}`, is_open: true, enable: false },
      sta: { ssid: 'Wifi-Network-Name', is_open: false, enable: true, ipv4mode: 'dhcp', ip: null, netmask: null },
      sta1: { ssid: null, is_open: true, enable: false, ipv4mode: 'dhcp', ip: null, netmask: null },
      roam: { rssi_thr: -80, interval: 60 },
    },
    ws: { enable: false, server: null, ssl_ca: 'ca.pem' },
  };
  const status: JsonRecord = {
    ble: {},
    cloud: { connected: false },
    mqtt: { connected: false },
    ...components(spec.inputs, (i) => ({ id: i, state: false }), 'input'),
    ...outputsStatus,
    sys: {
      mac: macHex,
      restart_required: false,
      ram_size: 246680,
      ram_free: 140164,
      fs_size: 458752,
      fs_free: 135168,
      cfg_rev: 12,
      kvs_rev: 0,
      schedule_rev: 0,
      webhook_rev: 0,
      available_updates: {},
      reset_reason: 3,
    },
    wifi: { sta_ip: null, status: 'got ip', ssid: 'Wifi-Network-Name', rssi: -57 },
    ws: { connected: false },
  };
  return { shelly, config, status };
}
