import type { Clock } from '../../../util/clock.ts';
import { fail, ok, PARAMS_ERROR, SimulatedSmartApi, type SmartMethods } from './api.ts';
import { buildChildren, installChildren } from './methods/children.ts';
import { installDeviceInfo } from './methods/device-info.ts';
import { installEnergy } from './methods/energy.ts';
import { installSettings } from './methods/settings.ts';
import { installTime } from './methods/time.ts';
import { SmartDeviceState } from './smart-state.ts';

/**
 * Assembles the SMART side of a simulated Kasa/Tapo device: the capture's (or profile's) method table, answered
 * verbatim (`component_nego`, `get_latest_fw`, `get_fw_download_state`, rules, …), with live handlers for what
 * changes: device info and its writes, the clock, usage and energy, settings, and child devices.
 */
export interface SmartDeviceOptions {
  methods: SmartMethods;
  clock: Clock;
  mac: string;
  name: string;
  /** What the appliance on a plug draws when on, in watts (scenario `load`). */
  loadWatts: number | undefined;
  /** Methods that succeed without a result (see SmartDeviceModel.resultless). */
  resultless: string[];
}

/** The assembled dispatcher and the state behind it. */
export interface SmartDevice {
  api: SimulatedSmartApi;
  state: SmartDeviceState;
}

/** A plug's load when the scenario does not say: a small appliance. */
const DEFAULT_LOAD_W = 60;
/** A Tapo colour bulb's rated power (L530E: 8.7 W, rounded). */
const BULB_W = 9;

/** Builds the SMART dispatcher of a plug, bulb, strip or hub (not cameras). */
export function assembleSmartDevice(options: SmartDeviceOptions): SmartDevice {
  const { methods, clock, mac } = options;
  const loadWatts = options.loadWatts ?? DEFAULT_LOAD_W;
  const children = buildChildren(methods, { clock, mac, name: options.name, loadWatts, bulbWatts: BULB_W });
  methods.get_device_info ??= {};
  const api = new SimulatedSmartApi(methods);
  const state = new SmartDeviceState({ clock, info: methods.get_device_info, seed: mac, loadWatts, bulbWatts: BULB_W });
  installDeviceInfo(api, state);
  installTime(api, state);
  installEnergy(api, state);
  installSettings(api);
  installChildren(api, children);
  // python-kasa records these as a null result: the device answers success with nothing to report.
  for (const method of options.resultless) api.on(method, () => ok());
  // A parent of children without usage of its own (KS240) answers get_device_usage with PARAMS_ERROR, not -1002
  // (python-kasa tests/fakeprotocol_smart.py, from a real KS240).
  if (children.length > 0 && !api.has('get_device_usage')) api.on('get_device_usage', () => fail(PARAMS_ERROR));
  return { api, state };
}
