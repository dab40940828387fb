import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import {
  checkConfigPatch,
  componentKeys,
  componentType,
  invalidArgument,
  mergeConfig,
  namespaceOf,
  resolveComponent,
} from './components.ts';
import type { SimulatedShellyGen2 } from './device.ts';
import { CONTROL_METHODS } from './rpc-controls.ts';
import { SHELLY_METHODS } from './rpc-shelly.ts';
import { fail, noHandler, ok, type RpcCallContext, type RpcHandler, type RpcOutcome } from './rpc-types.ts';

export type { RpcCallContext, RpcError, RpcOutcome } from './rpc-types.ts';

/** Open with auth on: Shelly.GetDeviceInfo (Gen2 API docs, Authentication). Compared case-insensitively. */
const UNPROTECTED = new Set(['shelly.getdeviceinfo']);

export function isUnprotected(method: string): boolean {
  return UNPROTECTED.has(method.toLowerCase());
}

/** Output components the device reports with `controlLost` (an update that broke them). */
const OUTPUTS = new Set(['switch', 'cover', 'light']);

function liveKeys(device: SimulatedShellyGen2): string[] {
  const keys = componentKeys(device.dump);
  return device.controlLost ? keys.filter((key) => !OUTPUTS.has(componentType(key))) : keys;
}

/** `<Type>.GetStatus`, `<Type>.GetConfig`, `<Type>.SetConfig` for every component (Gen2 API docs, Components). */
function componentMethod(device: SimulatedShellyGen2, type: string, verb: string, method: string, params: unknown) {
  const resolved = resolveComponent(liveKeys(device), type, params);
  if ('error' in resolved) return resolved.error.code === 404 ? noHandler(method) : fail(resolved.error);
  const { key } = resolved;
  if (verb === 'getstatus') return ok(device.status()[key] ?? {});
  if (verb === 'getconfig') return ok(device.config()[key] ?? {});
  const patch = isRecord(params) ? params.config : undefined;
  const current = isRecord(device.dump.config[key]) ? (device.dump.config[key] as JsonRecord) : {};
  const refused = patch === undefined ? invalidArgument('config') : checkConfigPatch(current, patch);
  if (refused || !isRecord(patch)) return fail(refused ?? invalidArgument('config'));
  device.dump.config[key] = current;
  if (mergeConfig(current, patch)) device.configChanged(key);
  return ok({ restart_required: false });
}

/**
 * Runs one RPC method against the device state. Method names match case-insensitively, as on the device: aioshelly
 * calls `WiFi.SetConfig` and `Ws.SetConfig` while Shelly.ListMethods spells them `Wifi.SetConfig` and
 * `WS.SetConfig` (captures rpc/*\/Shelly.ListMethods; aioshelly rpc_device/device.py).
 */
export function callRpc(
  device: SimulatedShellyGen2,
  method: string,
  params: unknown,
  context: RpcCallContext = { source: 'HTTP_in' },
): RpcOutcome {
  const dot = method.indexOf('.');
  if (dot <= 0) return noHandler(method);
  const namespace = method.slice(0, dot).toLowerCase();
  const verb = method.slice(dot + 1).toLowerCase();
  if (namespace === 'shelly') {
    if (verb === 'listmethods') return ok({ methods: listMethods(device) });
    const handler = findHandler(SHELLY_METHODS, verb);
    return handler ? handler(device, params, context) : noHandler(method);
  }
  const control = findHandler(CONTROL_METHODS[namespace] ?? {}, verb);
  if (control) return control(device, params, context);
  if (verb === 'getstatus' || verb === 'getconfig' || verb === 'setconfig') {
    return componentMethod(device, namespace, verb, method, params);
  }
  return noHandler(method);
}

function findHandler(table: Record<string, RpcHandler>, verb: string): RpcHandler | undefined {
  const name = Object.keys(table).find((candidate) => candidate.toLowerCase() === verb);
  return name === undefined ? undefined : table[name];
}

/**
 * Shelly.ListMethods: exactly the methods this device answers, spelled and grouped like the captured lists (its
 * components' control and config methods, then the system ones). The real firmware lists more (KVS, Schedule,
 * Webhook, Script, …); the lab does not serve those, so it does not claim them.
 */
export function listMethods(device: SimulatedShellyGen2): string[] {
  const types = [...new Set(liveKeys(device).map(componentType))].filter((type) => type !== 'sys');
  const methods: string[] = [];
  for (const type of [...types, 'sys']) {
    const namespace = namespaceOf(type);
    for (const verb of Object.keys(CONTROL_METHODS[type] ?? {})) methods.push(`${namespace}.${verb}`);
    methods.push(`${namespace}.SetConfig`, `${namespace}.GetConfig`, `${namespace}.GetStatus`);
  }
  for (const verb of Object.keys(SHELLY_METHODS)) methods.push(`Shelly.${verb}`);
  return methods;
}

export type { RpcHandler };
