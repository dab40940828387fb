/**
 * Built-in legacy (iot) devices for scenarios without a fixture. Field names and shapes follow the python-kasa
 * captures in ../shared/fixtures/kasa/iot: older plugs (HS100/HS110 v1, firmware 1.2.x) report `type`,
 * `latitude`/`longitude` and `fwId`; newer ones (HS103, KP115, HS100(UK) 4.1) report `mic_type`,
 * `latitude_i`/`longitude_i`, `ntc_state` and `obd_src`. Versions and build strings are realistic lab values;
 * HS110(EU) 1.2.5 and HS100(UK) 4.1 → 1.1.0 are the ones the fixtures README and the 2020 KLAP change name.
 */
export type IotModules = Record<string, Record<string, unknown>>;

export interface IotProfile {
  sysinfo: Record<string, unknown>;
  /** Modules besides `system` with their read methods, e.g. `emeter.get_realtime`. */
  modules: IotModules;
}

const ZERO_ID_40 = '0'.repeat(40);
const ZERO_ID_32 = '0'.repeat(32);

function oldPlug(
  model: string,
  devName: string,
  hwVer: string,
  swVer: string,
  feature: string,
): Record<string, unknown> {
  return {
    active_mode: 'none',
    alias: '',
    dev_name: devName,
    deviceId: ZERO_ID_40,
    err_code: 0,
    feature,
    fwId: ZERO_ID_32,
    hwId: ZERO_ID_32,
    hw_ver: hwVer,
    icon_hash: '',
    latitude: 0,
    led_off: 0,
    longitude: 0,
    mac: '00:00:00:00:00:00',
    model,
    oemId: ZERO_ID_32,
    on_time: 0,
    relay_state: 0,
    rssi: -52,
    sw_ver: swVer,
    type: 'IOT.SMARTPLUGSWITCH',
    updating: 0,
  };
}

function newPlug(
  model: string,
  devName: string,
  hwVer: string,
  swVer: string,
  feature: string,
): Record<string, unknown> {
  return {
    active_mode: 'none',
    alias: '',
    dev_name: devName,
    deviceId: ZERO_ID_40,
    err_code: 0,
    feature,
    hwId: ZERO_ID_32,
    hw_ver: hwVer,
    icon_hash: '',
    latitude_i: 0,
    led_off: 0,
    longitude_i: 0,
    mac: '00:00:00:00:00:00',
    mic_type: 'IOT.SMARTPLUGSWITCH',
    model,
    next_action: { type: -1 },
    ntc_state: 0,
    obd_src: 'tplink',
    oemId: ZERO_ID_32,
    on_time: 0,
    relay_state: 0,
    rssi: -48,
    status: 'configured',
    sw_ver: swVer,
    updating: 0,
  };
}

/** HS110 v1 reports floats in W/V/A/kWh; newer meters (KP115, HS110 v2+) report integer mW/mV/mA/Wh. */
const EMETER_V1 = { get_realtime: { current: 0.012, err_code: 0, power: 0.85, total: 12.3, voltage: 230.1 } };
const EMETER_V2 = {
  get_realtime: { current_ma: 15, err_code: 0, power_mw: 1250, slot_id: 0, total_wh: 4120, voltage_mv: 231400 },
};
const SCHEDULE = {
  get_next_action: { err_code: 0, type: -1 },
  get_rules: { enable: 0, err_code: 0, rule_list: [], version: 2 },
};

const PROFILES: Record<string, IotProfile> = {
  'HS100(US)': {
    sysinfo: oldPlug('HS100(US)', 'Wi-Fi Smart Plug', '1.0', '1.2.5 Build 171129 Rel.174814', 'TIM'),
    modules: { schedule: SCHEDULE },
  },
  'HS100(UK)': {
    sysinfo: newPlug('HS100(UK)', 'Smart Wi-Fi Plug', '4.1', '1.0.12 Build 190528 Rel.154535', 'TIM'),
    modules: { schedule: SCHEDULE },
  },
  'HS103(US)': {
    sysinfo: newPlug('HS103(US)', 'Smart Wi-Fi Plug Lite', '5.0', '1.0.3 Build 201015 Rel.142523', 'TIM'),
    modules: { schedule: SCHEDULE },
  },
  'HS110(EU)': {
    sysinfo: oldPlug(
      'HS110(EU)',
      'Wi-Fi Smart Plug With Energy Monitoring',
      '1.0',
      '1.2.5 Build 171213 Rel.101523',
      'TIM:ENE',
    ),
    modules: { emeter: EMETER_V1, schedule: SCHEDULE },
  },
  'HS110(US)': {
    sysinfo: oldPlug(
      'HS110(US)',
      'Wi-Fi Smart Plug With Energy Monitoring',
      '1.0',
      '1.2.6 Build 200727 Rel.121701',
      'TIM:ENE',
    ),
    modules: { emeter: EMETER_V1, schedule: SCHEDULE },
  },
  'KP115(EU)': {
    sysinfo: newPlug('KP115(EU)', 'Smart Wi-Fi Plug Mini', '1.0', '1.0.16 Build 210205 Rel.163735', 'TIM:ENE'),
    modules: { emeter: EMETER_V2, schedule: SCHEDULE },
  },
};

const DEFAULT_MODEL = 'HS103(US)';

/** The profile for `model`: exact, else the same product in another region, else a generic plug named `model`. */
export function iotProfile(model: string | undefined): IotProfile {
  const wanted = model ?? DEFAULT_MODEL;
  const exact = PROFILES[wanted];
  if (exact) return structuredClone(exact);
  const base = wanted.split('(')[0];
  const sibling = Object.entries(PROFILES).find(([name]) => name.split('(')[0] === base);
  const profile = structuredClone(sibling?.[1] ?? (PROFILES[DEFAULT_MODEL] as IotProfile));
  profile.sysinfo.model = sibling && !wanted.includes('(') ? sibling[0] : wanted;
  return profile;
}
