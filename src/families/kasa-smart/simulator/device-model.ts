import { isObject } from '../../tplink/discovery.ts';
import { formatMacLike, unmaskId } from '../../tplink/simulator/device-ids.ts';
import { personalizeDiscovery } from '../../tplink/simulator/discovery-result.ts';
import type { SmartMethods } from './api.ts';
import { smartProfile } from './profiles.ts';

/**
 * What a simulated Kasa/Tapo device is made of: its discovery answer, its method table and how it is reached.
 * Built from a python-kasa `smart/` or `smartcam/` capture or a built-in profile, then made this device's own
 * (name, MAC, ids, scenario versions, cloud and auto-update switches).
 */
export interface SmartDeviceModel {
  /** `smartcam`: Tapo cameras and the H200 hub, HTTPS with camelCase methods. */
  flavor: 'smart' | 'smartcam';
  discovery: Record<string, unknown>;
  methods: SmartMethods;
  encryption: 'KLAP' | 'AES';
  /** The management port: `mgt_encrypt_schm.http_port` (80), or the camera's `http_port` (443). */
  httpPort: number;
  /** Methods the capture recorded with a null result (`get_inherit_info` on L530E, H100…): they succeed bare. */
  resultless: string[];
}

export interface SmartModelOptions {
  fixture: unknown;
  name: string;
  mac: string;
  address: string;
  model?: string | undefined;
  firmware?: string | undefined;
  hwVersion?: string | undefined;
  encryption?: 'KLAP' | 'AES' | undefined;
  cloud?: boolean | undefined;
  autoUpdate?: boolean | undefined;
}

/** A python-kasa smart/smartcam capture: it has `discovery_result.result`. */
export function isSmartCapture(fixture: unknown): fixture is Record<string, unknown> {
  return isObject(fixture) && isObject(fixture.discovery_result) && isObject(fixture.discovery_result.result);
}

/** The device's own model (deep copies: the fixture object is never changed). */
export function buildSmartModel(options: SmartModelOptions): SmartDeviceModel {
  const capture = structuredClone(isSmartCapture(options.fixture) ? options.fixture : smartProfile(options.model));
  const methods: SmartMethods = {};
  const resultless: string[] = [];
  for (const [key, value] of Object.entries(capture)) {
    if (key !== 'discovery_result' && isObject(value)) methods[key] = value;
    else if (value === null) resultless.push(key);
  }
  const discovery = personalizeDiscovery(capture.discovery_result as Record<string, unknown>, options);
  const result = discovery.result as Record<string, unknown>;
  const scheme = isObject(result.mgt_encrypt_schm) ? result.mgt_encrypt_schm : {};
  const flavor = 'getDeviceInfo' in methods || isObject(result.encrypt_info) ? 'smartcam' : 'smart';
  if (flavor === 'smart' && options.encryption) scheme.encrypt_type = options.encryption;
  const secret = isObject(result.decrypted_data) ? result.decrypted_data : {};
  const httpPort = Number(scheme.http_port ?? secret.http_port ?? (flavor === 'smartcam' ? 443 : 80));
  if (flavor === 'smart') personalizeSmartMethods(methods, options, String(result.mac));
  else personalizeCameraMethods(methods, options, String(result.mac));
  return {
    flavor,
    discovery,
    methods,
    // Cameras announce no mgt_encrypt_schm.encrypt_type; their scheme is encrypt_info.sym_schm (python-kasa discover.py).
    encryption: scheme.encrypt_type === 'KLAP' ? 'KLAP' : 'AES',
    httpPort,
    resultless,
  };
}

function personalizeSmartMethods(methods: SmartMethods, options: SmartModelOptions, mac: string): void {
  const info = methods.get_device_info;
  if (info) {
    info.device_id = unmaskId(info.device_id, options.mac, 'device_id', 40);
    for (const field of ['hw_id', 'oem_id', 'fw_id']) {
      if (field in info) info[field] = unmaskId(info[field], options.mac, field, 32);
    }
    info.mac = formatMacLike(typeof info.mac === 'string' ? info.mac : mac, options.mac);
    info.ip = options.address;
    // SMART devices keep the nickname base64-encoded (python-kasa masks it as base64 of "#MASKED_NAME#").
    info.nickname = Buffer.from(options.name, 'utf8').toString('base64');
    if (options.firmware !== undefined) info.fw_ver = options.firmware;
    if (options.hwVersion !== undefined) info.hw_ver = options.hwVersion;
  }
  if (options.cloud !== undefined) methods.get_connect_cloud_state = { status: options.cloud ? 0 : 1 };
  if (options.autoUpdate !== undefined && methods.get_auto_update_info) {
    methods.get_auto_update_info.enable = options.autoUpdate;
  }
  const latest = methods.get_latest_fw;
  if (latest && options.firmware !== undefined && latest.need_to_upgrade === false) latest.fw_ver = options.firmware;
}

function personalizeCameraMethods(methods: SmartMethods, options: SmartModelOptions, mac: string): void {
  const basic = (methods.getDeviceInfo?.device_info as { basic_info?: Record<string, unknown> } | undefined)
    ?.basic_info;
  if (basic) {
    basic.dev_id = unmaskId(basic.dev_id, options.mac, 'device_id', 40);
    basic.mac = mac;
    basic.device_alias = options.name;
    basic.device_name = options.name;
    if (options.firmware !== undefined) basic.sw_version = options.firmware;
    if (options.hwVersion !== undefined) basic.hw_version = options.hwVersion;
  }
  const common = (
    methods.getFirmwareAutoUpgradeConfig?.auto_upgrade as { common?: Record<string, unknown> } | undefined
  )?.common;
  if (common && options.autoUpdate !== undefined) common.enabled = options.autoUpdate ? 'on' : 'off';
}
