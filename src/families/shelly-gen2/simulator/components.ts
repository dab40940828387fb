import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import type { Gen2Dump } from './profiles.ts';

/** A JSON-RPC error as Shelly devices report it (Shelly Gen2 API docs, "Errors"). */
export interface RpcError {
  code: number;
  message: string;
}

/** RPC namespaces as the device spells them in Shelly.ListMethods (rpc/*\/Shelly.ListMethods captures). */
const NAMESPACES: Record<string, string> = {
  switch: 'Switch',
  input: 'Input',
  cover: 'Cover',
  light: 'Light',
  em: 'EM',
  em1: 'EM1',
  emdata: 'EMData',
  pm1: 'PM1',
  sys: 'Sys',
  wifi: 'Wifi',
  cloud: 'Cloud',
  mqtt: 'Mqtt',
  ble: 'BLE',
  ws: 'WS',
  eth: 'Eth',
  ui: 'UI',
  plugs_ui: 'PLUGS_UI',
  ht_ui: 'HT_UI',
  knx: 'KNX',
  blutrv: 'BluTrv',
  bthome: 'BTHome',
};

/** `switch:0` → `switch`, `sys` → `sys`. */
export function componentType(key: string): string {
  return key.split(':')[0] ?? key;
}

/** The namespace of a component type: `switch` → `Switch`, `wifi` → `Wifi`. */
export function namespaceOf(type: string): string {
  return NAMESPACES[type] ?? `${type.charAt(0).toUpperCase()}${type.slice(1)}`;
}

/** Every component key the device has, in the order its status (then its config) lists them. */
export function componentKeys(dump: Gen2Dump): string[] {
  return [...new Set([...Object.keys(dump.status), ...Object.keys(dump.config)])].filter((key) =>
    /^[a-z][a-z0-9_]*(:\d+)?$/.test(key),
  );
}

/** Components numbered 200 and up are dynamic: virtual components and BTHome devices (Gen2 API docs). */
export function isDynamic(key: string): boolean {
  const id = Number(key.split(':')[1]);
  return Number.isInteger(id) && id >= 200;
}

export const invalidArgument = (name: string): RpcError => ({ code: -103, message: `Invalid argument '${name}'!` });
export const missingArgument = (name: string): RpcError => ({
  code: -103,
  message: `Missing required argument '${name}'!`,
});

/**
 * The component a `<Type>.<Method>` call addresses: the singleton `sys`, or `switch:<id>` from `params.id`. A
 * missing id is -103; an id the device lacks is -105 "Argument 'id', value N not found!" (Gen2 API docs, Errors).
 */
export function resolveComponent(
  keys: readonly string[],
  type: string,
  params: unknown,
): { key: string } | { error: RpcError } {
  if (keys.includes(type)) return { key: type };
  if (!keys.some((key) => componentType(key) === type)) return { error: { code: 404, message: '' } };
  const id = isRecord(params) ? params.id : undefined;
  if (id === undefined) return { error: missingArgument('id') };
  if (typeof id !== 'number' || !Number.isInteger(id)) return { error: invalidArgument('id') };
  const key = `${type}:${id}`;
  if (!keys.includes(key)) return { error: { code: -105, message: `Argument 'id', value ${id} not found!` } };
  return { key };
}

/** Config keys a device never shows again once written (WiFi and MQTT passwords). */
const WRITE_ONLY = new Set(['pass', 'password']);

/**
 * Checks a `SetConfig` patch against the current config: objects merge key by key; a value whose type differs
 * from a non-null current value is refused with -103 naming it; write-only secrets are accepted and dropped.
 */
export function checkConfigPatch(current: JsonRecord, patch: unknown, path = 'config'): RpcError | undefined {
  if (!isRecord(patch)) return invalidArgument(path);
  for (const [key, value] of Object.entries(patch)) {
    if (WRITE_ONLY.has(key)) continue;
    const existing = current[key];
    if (existing === undefined || existing === null || value === null) continue;
    if (isRecord(existing)) {
      const nested = checkConfigPatch(existing, value, key);
      if (nested) return nested;
    } else if (typeof existing !== typeof value || Array.isArray(existing) !== Array.isArray(value)) {
      return invalidArgument(key);
    }
  }
  return undefined;
}

/** Merges a checked patch into `current`, leaving write-only keys out. Returns whether anything changed. */
export function mergeConfig(current: JsonRecord, patch: JsonRecord): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (WRITE_ONLY.has(key)) {
      changed = true;
      continue;
    }
    const existing = current[key];
    if (isRecord(existing) && isRecord(value)) {
      if (mergeConfig(existing, value)) changed = true;
    } else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      current[key] = structuredClone(value);
      changed = true;
    }
  }
  return changed;
}
