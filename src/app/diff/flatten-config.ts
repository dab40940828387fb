/**
 * Flattens a device configuration (Shelly /settings or Shelly.GetConfig, Tasmota Status 0, Kasa sysinfo) into
 * `path → leaf` pairs, so two configurations compare setting by setting. Paths are arrays of keys (array items by
 * index), rendered as `mqtt.server` or `relays[0].auto_off`.
 */

export type ConfigPath = readonly (string | number)[];
export type Leaf = string | number | boolean | null;

/** Every leaf of `config` with its path. Empty objects and arrays are leaves of their own (`{}` / `[]`). */
export function flattenConfig(config: unknown): Map<string, { path: ConfigPath; value: Leaf }> {
  const result = new Map<string, { path: ConfigPath; value: Leaf }>();
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) add(path, '[]');
      for (const [index, item] of value.entries()) walk(item, [...path, index]);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0 && path.length > 0) add(path, '{}');
      for (const [key, item] of entries) walk(item, [...path, key]);
    } else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      add(path, value as Leaf);
    }
  };
  const add = (path: (string | number)[], value: Leaf): void => {
    result.set(pathKey(path), { path, value });
  };
  walk(config, []);
  return result;
}

/** `mqtt.server`, `relays[0].auto_off`, `sys.sntp.server`. */
export function pathKey(path: ConfigPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}

/** How a leaf is shown: strings as they are, the rest as JSON. */
export function formatLeaf(value: Leaf | undefined): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
