/**
 * Setting-by-setting difference of two configurations, after leaving out what always differs and normalising
 * values that embed the device's own identity (see ignore-rules.ts).
 */
import { type ConfigPath, flattenConfig, type Leaf } from './flatten-config.ts';
import { type DeviceIdentity, isIgnoredPath, normaliseLeaf } from './ignore-rules.ts';

/** One configuration with whose it is, so identity-derived values can be normalised. */
export interface ConfigSide {
  config: unknown;
  identity: DeviceIdentity;
}

export interface SettingDifference {
  key: string;
  path: ConfigPath;
  /** undefined: the setting does not exist on that side. */
  a: Leaf | undefined;
  b: Leaf | undefined;
}

/** The comparable settings of one configuration: ignored paths dropped, identity values normalised. */
export function comparableSettings(side: ConfigSide): Map<string, { path: ConfigPath; value: Leaf }> {
  const result = new Map<string, { path: ConfigPath; value: Leaf }>();
  for (const [key, leaf] of flattenConfig(side.config)) {
    if (isIgnoredPath(leaf.path)) continue;
    result.set(key, { path: leaf.path, value: normaliseLeaf(leaf.value, side.identity) });
  }
  return result;
}

/** Settings whose values differ, or that exist on one side only, in the order of A's configuration then B's. */
export function diffConfigs(a: ConfigSide, b: ConfigSide): SettingDifference[] {
  const left = comparableSettings(a);
  const right = comparableSettings(b);
  const differences: SettingDifference[] = [];
  for (const [key, leaf] of left) {
    const other = right.get(key);
    if (!other || other.value !== leaf.value)
      differences.push({ key, path: leaf.path, a: leaf.value, b: other?.value });
  }
  for (const [key, leaf] of right) {
    if (!left.has(key)) differences.push({ key, path: leaf.path, a: undefined, b: leaf.value });
  }
  return differences;
}
