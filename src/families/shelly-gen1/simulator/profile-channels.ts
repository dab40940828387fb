import type { JsonRecord } from '../../shelly/simulator/json-tools.ts';

/**
 * The channel objects of built-in Gen1 profiles, field for field as the Shelly Gen1 API docs print them (Shelly1/1PM
 * `/settings/relay/0` and `/status`, Shelly2.5 `/settings/roller/{index}` and `/roller/{index}`, Shelly Dimmer 1/2
 * `/settings` and RGBW2 White `/white/{index}` for the light status) and as the gen1_* captures order them.
 */

export const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

export function relaySettings(metering: boolean): JsonRecord {
  return {
    name: null,
    appliance_type: 'General',
    ison: false,
    has_timer: false,
    default_state: 'off',
    btn_type: 'toggle',
    btn_reverse: 0,
    auto_on: 0.0,
    auto_off: 0.0,
    schedule: false,
    schedule_rules: [],
    ...(metering ? { max_power: 0 } : {}),
  };
}

export function relayStatus(metering: boolean): JsonRecord {
  return {
    ison: false,
    has_timer: false,
    timer_started: 0,
    timer_duration: 0,
    timer_remaining: 0,
    ...(metering ? { overpower: false } : {}),
    source: 'input',
  };
}

export function rollerSettings(): JsonRecord {
  return {
    maxtime: 20.0,
    maxtime_open: 20.0,
    maxtime_close: 20.0,
    default_state: 'stop',
    swap: false,
    swap_inputs: false,
    input_mode: 'openclose',
    button_type: 'toggle',
    btn_reverse: 0,
    state: 'stop',
    power: 0.0,
    is_valid: true,
    safety_switch: false,
    schedule: false,
    schedule_rules: [],
    obstacle_mode: 'disabled',
    obstacle_action: 'stop',
    obstacle_power: 200,
    obstacle_delay: 1,
    ends_delay: 2000,
    safety_mode: 'while_opening',
    safety_action: 'stop',
    safety_allowed_on_trigger: 'none',
    off_power: 2,
    positioning: true,
  };
}

export function lightSettings(): JsonRecord {
  return {
    name: null,
    ison: false,
    default_state: 'last',
    auto_on: 0.0,
    auto_off: 0.0,
    schedule: false,
    night_mode: { enabled: false, start_time: '00:00', end_time: '00:00', brightness: 20 },
    schedule_rules: [],
    btn_type: 'edge',
    btn_debounce: 80,
    swap_inputs: 0,
  };
}

export function lightStatus(): JsonRecord {
  return {
    ison: false,
    source: 'input',
    has_timer: false,
    timer_started: 0,
    timer_duration: 0,
    timer_remaining: 0,
    mode: 'white',
    brightness: 50,
    transition: 0,
  };
}

export function meterStatus(): JsonRecord {
  return { power: 0.0, overpower: 0.0, is_valid: true, timestamp: 0, counters: [0.0, 0.0, 0.0], total: 0 };
}

/** Device temperature as 1PM, 2.5, Plug S and Dimmer report it in /status. */
export function deviceTemperature(tC: number): JsonRecord {
  const tF = Math.round(((tC * 9) / 5 + 32) * 100) / 100;
  return { temperature: tC, overtemperature: false, tmp: { tC, tF, is_valid: true }, temperature_status: 'Normal' };
}
