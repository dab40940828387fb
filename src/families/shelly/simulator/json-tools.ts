/** Small helpers for the JSON documents the Shelly simulators replay and mutate. */
import { copyJson } from '../../../util/bounded-json.ts';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A child object, created when missing, so state changes can write nested keys of any capture. */
export function child(parent: JsonRecord, key: string): JsonRecord {
  const existing = parent[key];
  if (isRecord(existing)) return existing;
  const created: JsonRecord = {};
  parent[key] = created;
  return created;
}

/**
 * Merges `patch` into `target` in place: objects merge key by key, anything else (arrays, scalars, null)
 * replaces. Used for scenario `overrides`, which give one device an odd SNTP server or MQTT broker. Iterative and
 * depth-limited like every walk over JSON (util/bounded-json.ts).
 */
export function deepMerge(target: JsonRecord, patch: JsonRecord): JsonRecord {
  const stack: Array<[JsonRecord, JsonRecord]> = [[target, patch]];
  for (let pair = stack.pop(); pair; pair = stack.pop()) {
    const [into, from] = pair;
    for (const [key, value] of Object.entries(from)) {
      const current = into[key];
      if (isRecord(value) && isRecord(current)) stack.push([current, value]);
      else into[key] = copyJson(value);
    }
  }
  return target;
}

/**
 * Rewrites every string that contains the capture's MAC (12 hex digits, either case) to the lab device's MAC,
 * so ids such as `shellyplusplugs-aabbccddeeff` and hostnames such as `shellyair-AABBCCDDEEFF` stay unique per
 * device (fixtures README: masked values repeat across files).
 */
export function replaceMac<T>(value: T, fromHex: string, toHex: string): T {
  if (fromHex.toUpperCase() === toHex.toUpperCase()) return value;
  const pattern = new RegExp(fromHex, 'gi');
  const swap = (text: string): string =>
    text.replace(pattern, (match) => (match === match.toLowerCase() ? toHex.toLowerCase() : toHex.toUpperCase()));
  return copyJson(value, { leaf: (node) => (typeof node === 'string' ? swap(node) : node) }) as T;
}

/** Parses a query value the way Shelly devices do: JSON when it parses (`0`, `true`, `{"enable":true}`), else text. */
export function queryValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
