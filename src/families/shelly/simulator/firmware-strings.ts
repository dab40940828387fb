import { createHash } from 'node:crypto';

/**
 * Shelly firmware identifiers as the devices print them. Gen1: `20230913-113804/v1.14.0-gcb84623` (build time,
 * version, git hash; 2019 builds used `@0a8e2b9f`). Gen2+: `ver` `1.1.0` plus `fw_id` `20231219-134003/1.1.0-g34b5d4f`
 * (aioshelly captures in ../shared/fixtures/shelly). Scenarios may give the short forms; the lab fills in the rest.
 */

const BUILD_PREFIX = /^\d{8}-\d{6}\//;
/** A trailing git hash: `-g` and seven hex digits. `1.5.99-g4prod1` is a version, not a hash. */
const GIT_HASH = /-g[0-9a-f]{7}$/;

function fakeHash(seed: string): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, 7);
}

/** A fixed, plausible build time for versions given without one. */
const DEFAULT_BUILD = '20240101-000000';

/** Gen1 `fw` from a full id, `v1.14.0`, or `1.14.0`. */
export function gen1FirmwareId(input: string): string {
  if (BUILD_PREFIX.test(input)) return input;
  const version = input.startsWith('v') ? input : `v${input}`;
  return GIT_HASH.test(version) ? `${DEFAULT_BUILD}/${version}` : `${DEFAULT_BUILD}/${version}-g${fakeHash(version)}`;
}

/** Major, minor, patch of a Gen1 `fw`, or undefined when it has no `vX.Y.Z`. */
export function gen1Version(fw: string): [number, number, number] | undefined {
  const match = /\/v(\d+)\.(\d+)\.(\d+)/.exec(fw);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Firmware before v1.6.0 returned `login.password` in clear text in /settings: fixtures README ("Old Gen1 firmware
 * (v1.5.x, 2019) also returned login.password") and a captured v1.5.0 SHSW-21 /settings that shows it.
 */
export function gen1LeaksPassword(fw: string): boolean {
  const version = gen1Version(fw);
  if (!version) return false;
  const [major, minor] = version;
  return major < 1 || (major === 1 && minor < 6);
}

/** The build timestamp of a firmware id as an ISO date (`2023-09-13`), when it has one. */
export function buildDate(fwId: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-/.exec(fwId);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

export interface Gen2Firmware {
  /** `ver` in Shelly.GetDeviceInfo, e.g. `1.4.4`. */
  ver: string;
  /** `fw_id`, e.g. `20241011-114455/1.4.4-g6d2a586`. */
  fwId: string;
}

/** Gen2+ `ver` and `fw_id` from a full fw_id, `1.4.4-g6d2a586`, or `1.4.4`. */
export function gen2Firmware(input: string): Gen2Firmware {
  const tail = BUILD_PREFIX.test(input) ? input.replace(BUILD_PREFIX, '') : input;
  const ver = tail.replace(GIT_HASH, '');
  const withHash = GIT_HASH.test(tail) ? tail : `${tail}-g${fakeHash(tail)}`;
  const fwId = BUILD_PREFIX.test(input) ? input : `${DEFAULT_BUILD}/${withHash}`;
  return { ver, fwId };
}
