import type { Clock } from '../../../../util/clock.ts';
import { isObject } from '../../../tplink/discovery.ts';
import { deriveHexId } from '../../../tplink/simulator/device-ids.ts';
import { fail, ok, PARAMS_ERROR, SimulatedSmartApi, type SmartMethods } from '../api.ts';
import { SmartDeviceState } from '../smart-state.ts';
import { installDeviceInfo, liveInfo } from './device-info.ts';
import { installEnergy } from './energy.ts';
import { installSettings } from './settings.ts';

/**
 * Child devices of strips and hubs (P300, P306, KS240, EP40M, H100 captures): python-kasa keeps each child's method
 * table under `child_devices[<id>]`; the device lists them in `get_child_device_list` and passes a request to one
 * with `control_child {device_id, requestData}`, answering `{"result":{"responseData":<child answer>}}`
 * (python-kasa smartprotocol `_ChildProtocolWrapper`; tp-link-tapo-connect `turnOn(deviceId)`). The captures scrub
 * child ids (`SCRUBBED_CHILD_DEVICE_ID_1`); each gets an id derived from the parent's MAC, replaced everywhere.
 */
export interface SmartChild {
  id: string;
  api: SimulatedSmartApi;
  state: SmartDeviceState;
}

/** What children share with their parent. */
export interface ChildOptions {
  clock: Clock;
  mac: string;
  /** The parent's name: children whose nickname the capture masked are called "<name> 1", "<name> 2", … */
  name: string;
  loadWatts: number;
  bulbWatts: number;
}

/** Takes `child_devices` out of the parent's table and builds one simulated child per entry. */
export function buildChildren(methods: SmartMethods, options: ChildOptions): SmartChild[] {
  const captured = methods.child_devices;
  delete methods.child_devices;
  if (!isObject(captured)) return [];
  const children: SmartChild[] = [];
  for (const [capturedId, table] of Object.entries(captured)) {
    if (!isObject(table)) continue;
    const id = deriveHexId(options.mac, `child/${capturedId}`, 40);
    replaceString(methods, capturedId, id);
    const childMethods = replaceString(structuredClone(table), capturedId, id) as SmartMethods;
    const info = childMethods.get_device_info ?? { device_id: id };
    childMethods.get_device_info = info;
    const nickname = typeof info.nickname === 'string' ? Buffer.from(info.nickname, 'base64').toString('utf8') : '';
    if (nickname.includes('#MASKED_NAME#')) {
      info.nickname = Buffer.from(`${options.name} ${children.length + 1}`, 'utf8').toString('base64');
    }
    const api = new SimulatedSmartApi(childMethods);
    const { name: _name, ...stateOptions } = options;
    const state = new SmartDeviceState({ ...stateOptions, info, seed: `${options.mac}/${id}` });
    installDeviceInfo(api, state);
    installEnergy(api, state);
    installSettings(api);
    children.push({ id, api, state });
  }
  return children;
}

/** Installs `get_child_device_list` and `control_child` when the device has children. */
export function installChildren(api: SimulatedSmartApi, children: SmartChild[]): void {
  if (children.length === 0) return;
  const captured = api.read('get_child_device_list') ?? {};
  api.on('get_child_device_list', () =>
    ok({
      ...structuredClone(captured),
      child_device_list: children.map((c) => liveInfo(c.state)),
      start_index: 0,
      sum: children.length,
    }),
  );
  api.on('control_child', (params) => {
    const child = children.find((c) => c.id === params.device_id);
    if (!child || !isObject(params.requestData)) return fail(PARAMS_ERROR);
    return ok({ responseData: child.api.handle(params.requestData) });
  });
}

/** Replaces every string equal to `from` inside `value` (in place for objects; returns the value). */
function replaceString(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      value[i] = replaceString(item, from, to);
    });
    return value;
  }
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) value[key] = replaceString(item, from, to);
    return value;
  }
  return value === from ? to : value;
}
