import { splitNumbers, type VersionKey, type VersionScheme, withPre } from '../version-scheme.ts';

/**
 * Shelly build strings: Gen1 `20230913-114427/v1.14.0-gcb84623`, old Gen1 `20191127-095418/v1.5.6@0a8e2b9f`,
 * Gen2 `fw_id` `20231219-133956/1.1.0-g34b5d4f` or `ver` `1.1.0`, the Wall Display `20240115-105444/1.2.8-59063a9a`,
 * betas `1.14.1-rc1-g0617c15`, `1.5.0-beta2`. The date prefix is the build date (aioshelly compares it, see
 * minimum-firmware.json); the trailing git hash says nothing about order and is dropped.
 */
export function parseShelly(text: string): VersionKey | undefined {
  const trimmed = text.trim();
  const dated = /^(\d{8})-(\d{6})(?:\/(.*))?$/.exec(trimmed);
  const build = dated ? [Number(dated[1]), Number(dated[2])] : [];
  const rest = dated ? (dated[3] ?? '') : trimmed;
  const withoutHash = rest.replace(/@[0-9a-f]+$/i, '').replace(/-g?[0-9a-f]{7,8}$/i, '');
  const match = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?$/.exec(withoutHash);
  if (!match) return build.length > 0 ? { numbers: [], build } : undefined;
  return withPre({ numbers: splitNumbers(match[1] ?? ''), build }, match[2]);
}

/** The YYYYMMDD build date of a Shelly firmware string, when it carries one. */
export function shellyBuildDate(text: string): number | undefined {
  const match = /^\s*(\d{8})-\d{6}/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Shelly firmware strings, both generations; the build date orders builds the way aioshelly compares them. */
export const shellyScheme: VersionScheme = { name: 'shelly', parse: parseShelly, buildDate: shellyBuildDate };
