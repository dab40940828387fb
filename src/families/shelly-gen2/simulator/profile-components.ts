import type { JsonRecord } from '../../shelly/simulator/json-tools.ts';

/**
 * Component objects of built-in Gen2+ profiles, keys in the order the gen2_* and rpc/* captures print them (the
 * cover from rpc/shelly2pmg3/Cover.GetStatus; the light from the Gen2 API docs, Light component).
 */

export function components(n: number, make: (i: number) => JsonRecord, prefix: string): JsonRecord {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}:${i}`, make(i)]));
}

const energy = () => ({ total: 0.0, by_minute: [0.0, 0.0, 0.0], minute_ts: 0 });
const temperature = () => ({ tC: 38.2, tF: 100.8 });

export function switchConfig(i: number, inputs: number, metering: boolean): JsonRecord {
  return {
    id: i,
    name: null,
    in_mode: inputs ? 'follow' : 'momentary',
    initial_state: inputs ? 'match_input' : 'on',
    auto_on: false,
    auto_on_delay: 60.0,
    auto_off: false,
    auto_off_delay: 60.0,
    ...(metering ? { power_limit: 4480, voltage_limit: 280, current_limit: 16.0 } : {}),
  };
}

export function switchStatus(i: number, metering: boolean): JsonRecord {
  return {
    id: i,
    source: 'init',
    output: false,
    ...(metering ? { apower: 0.0, voltage: 230.4, current: 0.0, aenergy: energy() } : {}),
    temperature: temperature(),
  };
}

export function coverConfig(i: number): JsonRecord {
  return {
    id: i,
    name: null,
    motor: { idle_power_thr: 2.0, idle_confirm_period: 0.25 },
    maxtime_open: 60.0,
    maxtime_close: 60.0,
    initial_state: 'stopped',
    invert_directions: false,
    in_mode: 'dual',
    swap_inputs: false,
    safety_switch: { enable: false, direction: 'both', action: 'stop', allowed_move: null },
    power_limit: 2800,
    voltage_limit: 280,
    current_limit: 10.0,
    obstacle_detection: { enable: false, direction: 'both', action: 'stop', power_thr: 1000, holdoff: 1.0 },
  };
}

export function coverStatus(i: number): JsonRecord {
  return {
    id: i,
    source: 'init',
    state: 'closed',
    apower: 0.0,
    voltage: 230.1,
    current: 0.0,
    pf: 0.0,
    freq: 50.0,
    aenergy: energy(),
    temperature: temperature(),
    pos_control: true,
    last_direction: null,
    current_pos: 0,
  };
}

export function lightConfig(i: number): JsonRecord {
  return {
    id: i,
    name: null,
    initial_state: 'restore_last',
    auto_on: false,
    auto_on_delay: 60.0,
    auto_off: false,
    auto_off_delay: 60.0,
    transition_duration: 3.0,
    min_brightness_on_toggle: 3,
    night_mode: { enable: false, brightness: 50, active_between: [] },
    button_fade_rate: 3,
    button_presets: { button_doublepush: { brightness: 100 } },
    in_mode: 'dim',
    current_limit: 1.22,
    power_limit: 230,
    undervoltage_limit: 0,
    voltage_limit: 280,
  };
}

export function lightStatus(i: number): JsonRecord {
  return {
    id: i,
    source: 'init',
    output: false,
    brightness: 50,
    temperature: temperature(),
    aenergy: energy(),
    apower: 0.0,
    current: 0.0,
    voltage: 230.2,
  };
}
