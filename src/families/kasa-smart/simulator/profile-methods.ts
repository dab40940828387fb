/**
 * The SMART method tables of the built-in Kasa/Tapo profiles: what an owner's app and python-kasa read from a
 * plug or bulb, in the shapes of the python-kasa captures in ../shared/fixtures/kasa/smart (the values are the
 * lab's own). `component_nego` lists the components python-kasa's modules require (`REQUIRED_COMPONENT`: energy →
 * `energy_monitoring`, led → `led`, firmware → `firmware` with auto-update from version 2, time → `time`, …), each
 * at the version current firmware reports, so a client enables exactly the modules these tables answer.
 */
export type MethodTable = Record<string, Record<string, unknown>>;

/** What a built-in profile's firmware offers. */
export interface ProfileFeatures {
  /** `firmware` component version: 1 has no auto-update methods (P100 on 1.3.7 answers -1002 for them). */
  firmwareVersion: 1 | 2;
  energy: boolean;
  led: boolean;
  bulb: boolean;
}

const COMMON_COMPONENTS: Array<[string, number]> = [
  ['device', 2],
  ['quick_setup', 3],
  ['time', 1],
  ['wireless', 1],
  ['schedule', 2],
  ['countdown', 2],
  ['antitheft', 1],
  ['account', 1],
  ['synchronize', 1],
  ['sunrise_sunset', 1],
  ['cloud_connect', 1],
  ['iot_cloud', 1],
  ['default_states', 1],
];

/** `component_nego` for a profile's features. */
export function componentList(features: ProfileFeatures): Record<string, unknown> {
  const components: Array<[string, number]> = [...COMMON_COMPONENTS, ['firmware', features.firmwareVersion]];
  if (features.firmwareVersion === 2) components.push(['device_local_time', 1]);
  if (features.led) components.push(['led', 1]);
  if (features.energy) {
    components.push(['auto_off', 2], ['energy_monitoring', 2], ['power_protection', 1], ['current_protection', 1]);
  }
  if (features.bulb) {
    components.push(['brightness', 1], ['color', 1], ['color_temperature', 1], ['preset', 1], ['on_off_gradually', 2]);
  }
  return { component_list: components.map(([id, ver_code]) => ({ id, ver_code })) };
}

/** The methods every profile answers besides `get_device_info`; dynamic ones are overwritten by handlers. */
export function commonMethods(features: ProfileFeatures, fw: string): MethodTable {
  const methods: MethodTable = {
    component_nego: componentList(features),
    get_connect_cloud_state: { status: 0 },
    get_device_time: { region: 'Europe/London', time_diff: 0, timestamp: 0 },
    get_device_usage:
      features.energy || features.bulb
        ? {
            power_usage: { past30: 0, past7: 0, today: 0 },
            saved_power: { past30: 0, past7: 0, today: 0 },
            time_usage: { past30: 0, past7: 0, today: 0 },
          }
        : { time_usage: { past30: 0, past7: 0, today: 0 } },
    get_fw_download_state: { auto_upgrade: false, download_progress: 0, reboot_time: 5, status: 0, upgrade_time: 5 },
    get_latest_fw: {
      fw_size: 0,
      fw_ver: fw,
      hw_id: '',
      need_to_upgrade: false,
      oem_id: '',
      release_date: '',
      release_note: '',
      type: 0,
    },
    get_antitheft_rules: { antitheft_rule_max_count: 1, enable: false, rule_list: [] },
    get_countdown_rules: { countdown_rule_max_count: 1, enable: false, rule_list: [] },
    get_schedule_rules: { enable: false, rule_list: [], schedule_rule_max_count: 32, start_index: 0, sum: 0 },
    // No rule due: `{}` (KS205, L530E captures with empty schedules).
    get_next_event: {},
    get_wireless_scan_info: { ap_list: [], wep_supported: false },
  };
  if (features.firmwareVersion === 2) methods.get_auto_update_info = { enable: true, random_range: 120, time: 180 };
  if (features.led) {
    methods.get_led_info = {
      led_rule: 'always',
      led_status: true,
      night_mode: {
        end_time: 420,
        night_mode_type: 'sunrise_sunset',
        start_time: 1140,
        sunrise_offset: 0,
        sunset_offset: 0,
      },
    };
  }
  if (features.energy) Object.assign(methods, energyMethods());
  if (features.bulb) Object.assign(methods, bulbMethods());
  return methods;
}

function energyMethods(): MethodTable {
  return {
    get_auto_off_config: { delay_min: 120, enable: false },
    get_current_power: { current_power: 0 },
    get_energy_usage: {
      current_power: 0,
      electricity_charge: [0, 0, 0],
      local_time: '',
      month_energy: 0,
      month_runtime: 0,
      today_energy: 0,
      today_runtime: 0,
    },
    get_max_power: { max_power: 3500 },
    get_protection_power: { enabled: false, protection_power: 0 },
  };
}

function bulbMethods(): MethodTable {
  return {
    get_preset_rules: {
      states: [
        { brightness: 50, color_temp: 2700, hue: 0, saturation: 100 },
        { brightness: 100, color_temp: 0, hue: 240, saturation: 100 },
        { brightness: 100, color_temp: 0, hue: 0, saturation: 100 },
      ],
    },
    get_on_off_gradually_info: {
      off_state: { duration: 2, enable: true, max_duration: 60 },
      on_state: { duration: 2, enable: true, max_duration: 60 },
    },
  };
}

/** Fields a plug's or bulb's `get_device_info` adds to the common ones (L530E and P110 capture field sets). */
export function deviceInfoExtras(features: ProfileFeatures): Record<string, unknown> {
  const extras: Record<string, unknown> = {
    default_states: { state: {}, type: 'last_states' },
    latitude: 0,
    longitude: 0,
  };
  if (features.energy) {
    Object.assign(extras, {
      auto_off_remain_time: 0,
      auto_off_status: 'off',
      overcurrent_status: 'normal',
      power_protection_status: 'normal',
    });
  }
  if (features.bulb) {
    Object.assign(extras, {
      brightness: 100,
      color_temp: 2700,
      color_temp_range: [2500, 6500],
      dynamic_light_effect_enable: false,
      hue: 0,
      saturation: 100,
    });
  }
  return extras;
}
