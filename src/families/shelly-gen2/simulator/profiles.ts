import type { JsonRecord } from '../../shelly/simulator/json-tools.ts';

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
};

function components(n: number, make: (i: number) => JsonRecord, prefix: string): JsonRecord {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}:${i}`, make(i)]));
}

/** A realistic dump for `model` with the device's MAC (`AABBCCDDEEFF` form), name and firmware. */
export function gen2Profile(
  model: string,
  options: { macHex: string; name: string; ver: string; fwId: string },
): Gen2Dump {
  const spec = GEN2_MODELS[model];
  if (!spec) throw new Error(`no built-in Gen2+ profile for ${model}`);
  const { macHex, name, ver, fwId } = options;
  const id = `${spec.idPrefix}-${macHex.toLowerCase()}`;
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
  };
  const switchConfig = (i: number): JsonRecord => ({
    id: i,
    name: null,
    in_mode: spec.inputs ? 'follow' : 'momentary',
    initial_state: spec.inputs ? 'match_input' : 'on',
    auto_on: false,
    auto_on_delay: 60.0,
    auto_off: false,
    auto_off_delay: 60.0,
    ...(spec.metering ? { power_limit: 4480, voltage_limit: 280, current_limit: 16.0 } : {}),
  });
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
    ...components(spec.switches, switchConfig, 'switch'),
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
  const switchStatus = (i: number): JsonRecord => ({
    id: i,
    source: 'init',
    output: false,
    ...(spec.metering
      ? {
          apower: 0.0,
          voltage: 230.4,
          current: 0.0,
          aenergy: { total: 0.0, by_minute: [0.0, 0.0, 0.0], minute_ts: 0 },
        }
      : {}),
    temperature: { tC: 38.2, tF: 100.8 },
  });
  const status: JsonRecord = {
    ble: {},
    cloud: { connected: false },
    mqtt: { connected: false },
    ...components(spec.inputs, (i) => ({ id: i, state: false }), 'input'),
    ...components(spec.switches, switchStatus, 'switch'),
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
