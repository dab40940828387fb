/**
 * Fields that differ between any two devices, or between two reads of one device, and so say nothing about how
 * it is configured: identities (ids, MACs, names, host names, addresses), clocks (time, uptime) and counters.
 * Values that merely embed the device's own identity (`mqtt.id` = `shelly1-A1B2C3`, `wifi_ap.ssid`) are
 * normalised instead of dropped, so a broker id pointing at another device still shows.
 */
import type { ConfigPath, Leaf } from './flatten-config.ts';

/** Leaf key names (lower case) that are always ignored. Sources: gen1/gen2 Shelly captures, Tasmota Status 0, Kasa sysinfo. */
const IGNORED_KEYS = new Set([
  'mac',
  'name',
  'hostname',
  'alias',
  'deviceid',
  'hwid',
  'oemid',
  'fw_id',
  'serial',
  'uptime',
  'uptimesec',
  'time',
  'unixtime',
  'localtime',
  'utc',
  'local',
  'starttime',
  'ts',
  'on_time',
  'rssi',
  'signal',
  'linkcount',
  'downtime',
  'heap',
  'ip',
  'ipaddress',
  'ip_address',
  'cfg_changed_cnt',
  'cfg_rev',
  'bootcount',
  'savecount',
  'restartreason',
  'ram_free',
  'ram_total',
  'ram_size',
  'fs_free',
  'fs_size',
  'fs_used',
  'build_timestamp',
  'startuputc',
  'loadavg',
]);

/** Key names that hold counters however they are spelled (`event_cnt`, `BootCount`, `count`). */
const COUNTER_KEY = /(_cnt|count|counter)$/i;

export interface DeviceIdentity {
  mac?: string | undefined;
  name?: string | undefined;
  address?: string | undefined;
}

/** Whether a setting at `path` is one that always differs (and so is left out of every diff). */
export function isIgnoredPath(path: ConfigPath): boolean {
  const last = [...path].reverse().find((part): part is string => typeof part === 'string');
  if (last === undefined) return false;
  const key = last.toLowerCase();
  return IGNORED_KEYS.has(key) || COUNTER_KEY.test(key);
}

/** Replaces the device's own MAC (any notation, or its last six hex digits), name and address with placeholders. */
export function normaliseLeaf(value: Leaf, identity: DeviceIdentity): Leaf {
  if (typeof value !== 'string') return value;
  let text = value;
  const hex = identity.mac?.replace(/[^0-9a-f]/gi, '');
  if (hex && hex.length === 12) {
    const pairs = hex.match(/../g)!;
    for (const form of [pairs.join(':'), pairs.join('-'), hex, hex.slice(6)]) text = replaceAll(text, form, '<mac>');
  }
  if (identity.address) text = replaceAll(text, identity.address, '<address>');
  if (identity.name && identity.name.length >= 3) text = replaceAll(text, identity.name, '<name>');
  return text;
}

function replaceAll(text: string, needle: string, placeholder: string): string {
  if (needle === '') return text;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), placeholder);
}
