/**
 * Built-in Kasa/Tapo devices for scenarios without a fixture, in the shape of python-kasa captures
 * (../shared/fixtures/kasa/smart and smartcam): a `discovery_result` plus the methods an owner's app and python-kasa
 * read (profile-methods.ts). Versions are those of real captures (P110(UK) 1.3.0, P100(US) 1.3.7, L530E(EU) 1.1.6,
 * C210(EU) 1.4.2).
 */
import { commonMethods, deviceInfoExtras, type ProfileFeatures } from './profile-methods.ts';

const ZERO_32 = '0'.repeat(32);
const ZERO_40 = '0'.repeat(40);

type Capture = Record<string, unknown>;

function smartPlugLike(
  model: string,
  type: string,
  encryption: 'KLAP' | 'AES',
  hw: string,
  fw: string,
  features: ProfileFeatures,
): Capture {
  const base = model.split('(')[0] as string;
  return {
    discovery_result: {
      error_code: 0,
      result: {
        device_id: ZERO_32,
        device_model: model,
        device_type: type,
        factory_default: false,
        ip: '127.0.0.1',
        is_support_iot_cloud: true,
        mac: '00-00-00-00-00-00',
        mgt_encrypt_schm: { encrypt_type: encryption, http_port: 80, is_support_https: false, lv: 2 },
        obd_src: 'tplink',
        owner: ZERO_32,
      },
    },
    get_device_info: {
      avatar: features.bulb ? 'bulb' : 'plug',
      device_id: ZERO_40,
      device_on: false,
      fw_id: ZERO_32,
      fw_ver: fw,
      has_set_location_info: true,
      hw_id: ZERO_32,
      hw_ver: hw,
      ip: '127.0.0.1',
      lang: 'en_US',
      mac: '00-00-00-00-00-00',
      model: base,
      nickname: '',
      oem_id: ZERO_32,
      on_time: 0,
      overheated: false,
      region: 'Europe/London',
      rssi: -45,
      signal_level: 3,
      specs: '',
      ssid: 'I01BU0tFRF9TU0lEIw==',
      time_diff: 0,
      type,
      ...deviceInfoExtras(features),
    },
    ...commonMethods(features, fw),
  };
}

function camera(model: string, hw: string, fw: string): Capture {
  const base = model.split('(')[0] as string;
  return {
    discovery_result: {
      error_code: 0,
      result: {
        decrypted_data: {
          connect_ssid: '#MASKED_SSID#',
          connect_type: 'wireless',
          device_id: ZERO_40,
          http_port: 443,
          owner: ZERO_32,
          sd_status: 'offline',
        },
        device_id: ZERO_32,
        device_model: base,
        device_name: '#MASKED_NAME#',
        device_type: 'SMART.IPCAMERA',
        encrypt_info: { data: '', key: '', sym_schm: 'AES' },
        encrypt_type: ['3'],
        factory_default: false,
        firmware_version: fw,
        hardware_version: hw,
        ip: '127.0.0.1',
        is_support_iot_cloud: true,
        mac: '00-00-00-00-00-00',
        mgt_encrypt_schm: { is_support_https: true },
      },
    },
    getDeviceInfo: {
      device_info: {
        basic_info: {
          dev_id: ZERO_40,
          device_alias: '#MASKED_NAME#',
          device_model: base,
          device_name: '#MASKED_NAME#',
          device_type: 'SMART.IPCAMERA',
          hw_version: hw,
          mac: '00-00-00-00-00-00',
          manufacturer_name: 'TP-LINK',
          sw_version: fw,
        },
      },
    },
    getFirmwareAutoUpgradeConfig: { auto_upgrade: { common: { enabled: 'on', random_range: '120', time: '03:00' } } },
  };
}

/** P110: energy monitoring, LED, auto-update (firmware component 2). */
const ENERGY_PLUG: ProfileFeatures = { firmwareVersion: 2, energy: true, led: true, bulb: false };
/** P100 on 1.3.7: firmware component 1, so no auto-update methods (its capture answers -1002 for them). */
const OLD_PLUG: ProfileFeatures = { firmwareVersion: 1, energy: false, led: true, bulb: false };
const COLOUR_BULB: ProfileFeatures = { firmwareVersion: 2, energy: false, led: false, bulb: true };
const BASIC_PLUG: ProfileFeatures = { firmwareVersion: 2, energy: false, led: true, bulb: false };

const PROFILES: Record<string, () => Capture> = {
  'P110(UK)': () =>
    smartPlugLike('P110(UK)', 'SMART.TAPOPLUG', 'KLAP', '1.0', '1.3.0 Build 230905 Rel.152200', ENERGY_PLUG),
  'P100(US)': () =>
    smartPlugLike('P100(US)', 'SMART.TAPOPLUG', 'AES', '1.0.0', '1.3.7 Build 20230711 Rel. 61904', OLD_PLUG),
  'L530E(EU)': () =>
    smartPlugLike('L530E(EU)', 'SMART.TAPOBULB', 'KLAP', '3.0', '1.1.6 Build 240130 Rel.173828', COLOUR_BULB),
  'C210(EU)': () => camera('C210(EU)', '2.0', '1.4.2 Build 240829 Rel.54953n'),
};

const DEFAULT_MODEL = 'P110(UK)';

/** A capture-shaped profile for `model`: exact, else the same product in another region, else a generic KLAP plug. */
export function smartProfile(model: string | undefined): Capture {
  const wanted = model ?? DEFAULT_MODEL;
  const base = wanted.split('(')[0];
  const name = PROFILES[wanted] ? wanted : Object.keys(PROFILES).find((n) => n.split('(')[0] === base);
  if (name) {
    const capture = (PROFILES[name] as () => Capture)();
    if (wanted.includes('(') && name !== wanted) renameModel(capture, wanted);
    return capture;
  }
  const generic = smartPlugLike(wanted, 'SMART.TAPOPLUG', 'KLAP', '1.0', '1.0.0 Build 230101 Rel.000000', BASIC_PLUG);
  return generic;
}

function renameModel(capture: Capture, model: string): void {
  const result = (capture.discovery_result as { result: Record<string, unknown> }).result;
  result.device_model = result.device_type === 'SMART.IPCAMERA' ? model.split('(')[0] : model;
}
