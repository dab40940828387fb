import { isRecord } from '../../shelly/simulator/json-tools.ts';
import { componentKeys, invalidArgument, missingArgument, resolveComponent } from './components.ts';
import type { SimulatedShellyGen2 } from './device.ts';
import { fail, noHandler, ok, type RpcHandler, type RpcOutcome } from './rpc-types.ts';

/**
 * The control methods of output components (Shelly Gen2 API docs: Switch, Cover, Light): Switch.Set/Toggle,
 * Cover.Open/Close/Stop/GoToPosition, Light.Set/Toggle. Arguments are checked as the device checks them: a missing
 * required one or a wrong type is -103, an id the device lacks is -105.
 */

/** The output key a call addresses, or the error the device answers. */
function target(
  device: SimulatedShellyGen2,
  type: string,
  method: string,
  params: unknown,
): { outcome: RpcOutcome } | { key: string; params: Record<string, unknown> } {
  if (device.controlLost) return { outcome: noHandler(method) };
  const resolved = resolveComponent(componentKeys(device.dump), type, params);
  if ('error' in resolved) return { outcome: resolved.error.code === 404 ? noHandler(method) : fail(resolved.error) };
  return { key: resolved.key, params: isRecord(params) ? params : {} };
}

function optionalNumber(params: Record<string, unknown>, name: string, min: number, max: number) {
  const value = params[name];
  if (value === undefined) return { value: undefined };
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    return { error: invalidArgument(name) };
  }
  return { value };
}

const switchSet: RpcHandler = (device, params, context) => {
  const call = target(device, 'switch', 'Switch.Set', params);
  if ('outcome' in call) return call.outcome;
  if (call.params.on === undefined) return fail(missingArgument('on'));
  if (typeof call.params.on !== 'boolean') return fail(invalidArgument('on'));
  const after = optionalNumber(call.params, 'toggle_after', 0, 86_400);
  if (after.error) return fail(after.error);
  return ok(device.controls.setSwitch(call.key, call.params.on, after.value, context.source));
};

const switchToggle: RpcHandler = (device, params, context) => {
  const call = target(device, 'switch', 'Switch.Toggle', params);
  if ('outcome' in call) return call.outcome;
  const status = device.dump.status[call.key];
  const on = isRecord(status) && status.output === true;
  return ok(device.controls.setSwitch(call.key, !on, undefined, context.source));
};

const coverMove =
  (direction: 'open' | 'close', method: string): RpcHandler =>
  (device, params, context) => {
    const call = target(device, 'cover', method, params);
    if ('outcome' in call) return call.outcome;
    const duration = optionalNumber(call.params, 'duration', 0.1, 300);
    if (duration.error) return fail(duration.error);
    device.controls.moveCover(call.key, direction, duration.value, context.source);
    return ok(null);
  };

const coverStop: RpcHandler = (device, params, context) => {
  const call = target(device, 'cover', 'Cover.Stop', params);
  if ('outcome' in call) return call.outcome;
  device.controls.stopCover(call.key, context.source);
  return ok(null);
};

const coverGoTo: RpcHandler = (device, params, context) => {
  const call = target(device, 'cover', 'Cover.GoToPosition', params);
  if ('outcome' in call) return call.outcome;
  const status = device.dump.status[call.key];
  if (isRecord(status) && status.pos_control === false) {
    return fail({ code: -103, message: 'Invalid argument: cover is not calibrated!' });
  }
  const pos = optionalNumber(call.params, 'pos', 0, 100);
  const rel = optionalNumber(call.params, 'rel', -100, 100);
  if (pos.error) return fail(pos.error);
  if (rel.error) return fail(rel.error);
  if (pos.value === undefined && rel.value === undefined) return fail(missingArgument('pos'));
  const now = device.controls.coverPosition(call.key) ?? 0;
  device.controls.coverTo(call.key, pos.value ?? now + (rel.value ?? 0), context.source);
  return ok(null);
};

const lightSet: RpcHandler = (device, params, context) => {
  const call = target(device, 'light', 'Light.Set', params);
  if ('outcome' in call) return call.outcome;
  const { on } = call.params;
  if (on !== undefined && typeof on !== 'boolean') return fail(invalidArgument('on'));
  const brightness = optionalNumber(call.params, 'brightness', 0, 100);
  const transition = optionalNumber(call.params, 'transition_duration', 0, 10_800);
  const after = optionalNumber(call.params, 'toggle_after', 0, 86_400);
  for (const checked of [brightness, transition, after]) if (checked.error) return fail(checked.error);
  if (on === undefined && brightness.value === undefined) return fail(missingArgument('on'));
  device.controls.setLight(
    call.key,
    {
      ...(on !== undefined ? { on } : {}),
      ...(brightness.value !== undefined ? { brightness: Math.round(brightness.value) } : {}),
      ...(after.value !== undefined ? { toggleAfterS: after.value } : {}),
    },
    context.source,
  );
  return ok(null);
};

const lightToggle: RpcHandler = (device, params, context) => {
  const call = target(device, 'light', 'Light.Toggle', params);
  if ('outcome' in call) return call.outcome;
  const status = device.dump.status[call.key];
  device.controls.setLight(call.key, { on: !(isRecord(status) && status.output === true) }, context.source);
  return ok(null);
};

/** Control methods by component type, in the order Shelly.ListMethods names them. */
export const CONTROL_METHODS: Record<string, Record<string, RpcHandler>> = {
  switch: { Toggle: switchToggle, Set: switchSet },
  cover: {
    GoToPosition: coverGoTo,
    Stop: coverStop,
    Close: coverMove('close', 'Cover.Close'),
    Open: coverMove('open', 'Cover.Open'),
  },
  light: { Toggle: lightToggle, Set: lightSet },
};
