import type { TasmotaState } from './state.ts';

/** Which Status section each `Status <n>` returns (Tasmota docs, Commands → Status). */
const STATUS_SECTIONS: Record<string, string> = {
  '1': 'StatusPRM',
  '2': 'StatusFWR',
  '3': 'StatusLOG',
  '4': 'StatusMEM',
  '5': 'StatusNET',
  '6': 'StatusMQT',
  '7': 'StatusTIM',
  '8': 'StatusSNS',
  '10': 'StatusSNS',
  '11': 'StatusSTS',
};

/** Tasmota shows a set password as this placeholder (D_ASTERISK_PWD). */
const ASTERISK_PASSWORD = '****';

/**
 * Runs one console command as `/cm?cmnd=` does and returns the JSON Tasmota logs as its result.
 * Command names are case-insensitive; `Power` and `Power1` are the same relay on a one-relay module.
 */
export function runTasmotaCommand(state: TasmotaState, line: string): Record<string, unknown> {
  const trimmed = line.trim();
  const space = trimmed.search(/\s/);
  const name = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const argument = space === -1 ? '' : trimmed.slice(space + 1).trim();
  switch (name) {
    case 'status':
      return status(state, argument);
    case 'power':
    case 'power1':
      return power(state, argument);
    case 'module':
      return { Module: { [String(state.moduleNumber)]: state.moduleName } };
    case 'devicename':
      if (argument) state.deviceName = argument;
      return { DeviceName: state.deviceName };
    case 'mqtthost':
      if (argument) state.mqttHost = argument === '0' ? '' : argument;
      return { MqttHost: state.mqttHost };
    case 'webpassword':
      // `WebPassword 0` clears the password; any other argument sets it.
      if (argument) state.webPassword = argument === '0' ? '' : argument;
      return { WebPassword: state.webPassword ? ASTERISK_PASSWORD : '' };
    default:
      return { Command: 'Unknown' };
  }
}

function status(state: TasmotaState, argument: string): Record<string, unknown> {
  const sections = state.sections();
  if (argument === '0') return sections;
  const section = STATUS_SECTIONS[argument];
  if (section) return { [section]: sections[section] };
  return { Status: sections.Status };
}

function power(state: TasmotaState, argument: string): Record<string, unknown> {
  const value = argument.toLowerCase();
  if (['1', 'on', 'true'].includes(value)) state.power = true;
  else if (['0', 'off', 'false'].includes(value)) state.power = false;
  else if (['2', 'toggle'].includes(value)) state.power = !state.power;
  return { POWER: state.powerText() };
}
