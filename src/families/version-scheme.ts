/**
 * Firmware version strings differ per vendor, so each gets a parser that turns it into a comparable key:
 * the version numbers, an optional pre-release tag, and a build tie-breaker (a build date, a release number).
 * Strings below are the real ones from ../shared/fixtures.
 */
import type { DeviceFamily } from './facts.ts';

/** How a vendor writes versions. `semver` also covers ESPHome's calendar versions (`2025.12.7`). */
export type VersionScheme = 'shelly' | 'kasa' | 'hue' | 'tasmota' | 'semver';

/** A parsed version: compare `numbers`, then `pre` (a release sorts above its pre-releases), then `build`. */
export interface VersionKey {
  numbers: number[];
  pre?: string;
  build: number[];
}

const SCHEME_BY_FAMILY: Record<DeviceFamily, VersionScheme> = {
  shelly: 'shelly',
  kasa: 'kasa',
  hue: 'hue',
  tasmota: 'tasmota',
  esphome: 'semver',
  generic: 'semver',
};

/** The version scheme a device family uses. */
export function schemeForFamily(family: DeviceFamily): VersionScheme {
  return SCHEME_BY_FAMILY[family];
}

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

/**
 * Kasa/Tapo: `1.2.5 Build 171213 Rel.101523`, `1.3.7 Build 20230711 Rel. 61904`, `1.1.19 Build 20241011 rel.67020`,
 * `1.3.11 Build 231121 Rel.39429n(4555)`. The build is a YYMMDD or YYYYMMDD date; both are normalised to YYYYMMDD.
 */
export function parseKasa(text: string): VersionKey | undefined {
  const match = /^\s*(\d+(?:\.\d+)*)(?:\s+Build\s+(\d{8}|\d{6}))?(?:\s+Rel\.\s*(\d+))?/i.exec(text);
  if (!match) return undefined;
  const build: number[] = [];
  if (match[2]) build.push(match[2].length === 6 ? 20_000_000 + Number(match[2]) : Number(match[2]));
  if (match[3]) build.push(Number(match[3]));
  return { numbers: splitNumbers(match[1] ?? ''), build };
}

/**
 * Hue bridges: v1 `swversion` is one number (`1935144040`); the CLIP v2 `software_version` of the bridge device is
 * `1.78.2071401010`, whose last part is that same build number. Lights use short dotted versions (`1.163.1`).
 */
export function parseHue(text: string): VersionKey | undefined {
  const trimmed = text.trim();
  if (!/^\d+(?:\.\d+)*$/.test(trimmed)) return undefined;
  const parts = splitNumbers(trimmed);
  const last = trimmed.split('.').at(-1) ?? '';
  // A ten-digit build number identifies the bridge firmware on its own, in both API versions.
  if (last.length >= 10) return { numbers: [Number(last)], build: [] };
  return { numbers: parts, build: [] };
}

/** Tasmota: `13.4.0(tasmota)`, development builds `15.3.0.3`, with or without a leading `v`. */
export function parseTasmota(text: string): VersionKey | undefined {
  const match = /^\s*v?(\d+(?:\.\d+)*)\s*(?:\([^)]*\))?\s*$/.exec(text);
  return match ? { numbers: splitNumbers(match[1] ?? ''), build: [] } : undefined;
}

/** Plain semver (`1.2.3-beta.1+build`), also partial (`1.6`) and calendar versions (`2025.8.0`). */
export function parseSemver(text: string): VersionKey | undefined {
  const match = /^\s*v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/.exec(text);
  if (!match) return undefined;
  return withPre({ numbers: splitNumbers(match[1] ?? ''), build: [] }, match[2]);
}

const PARSERS: Record<VersionScheme, (text: string) => VersionKey | undefined> = {
  shelly: parseShelly,
  kasa: parseKasa,
  hue: parseHue,
  tasmota: parseTasmota,
  semver: parseSemver,
};

/** Parses a version string in the given scheme; undefined when it is not one. */
export function parseVersion(scheme: VersionScheme, text: string): VersionKey | undefined {
  return PARSERS[scheme](text);
}

/**
 * Compares two version strings of one scheme: negative when `a` is older, 0 when equal, positive when newer,
 * undefined when either cannot be parsed (callers must then say they could not tell, never guess).
 */
export function compareVersions(scheme: VersionScheme, a: string, b: string): number | undefined {
  const left = parseVersion(scheme, a);
  const right = parseVersion(scheme, b);
  if (!left || !right) return undefined;
  return compareKeys(left, right);
}

/** Orders two parsed keys. When one side has no version numbers (a bare Shelly date), only builds are compared. */
export function compareKeys(a: VersionKey, b: VersionKey): number {
  if (a.numbers.length > 0 && b.numbers.length > 0) {
    const byNumbers = compareNumberLists(a.numbers, b.numbers);
    if (byNumbers !== 0) return byNumbers;
    const byPre = comparePre(a.pre, b.pre);
    if (byPre !== 0) return byPre;
  }
  if (a.build.length === 0 || b.build.length === 0) return 0;
  return compareNumberLists(a.build, b.build);
}

/** The YYYYMMDD build date of a Shelly firmware string, when it carries one. */
export function shellyBuildDate(text: string): number | undefined {
  const match = /^\s*(\d{8})-\d{6}/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function splitNumbers(dotted: string): number[] {
  return dotted.split('.').map((part) => Number(part));
}

function withPre(key: VersionKey, pre: string | undefined): VersionKey {
  return pre ? { ...key, pre } : key;
}

function compareNumberLists(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Semver 2.0 section 11: a version without a pre-release tag ranks above one with it; identifiers compare in turn. */
function comparePre(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const left = a.split(/[.-]/);
  const right = b.split(/[.-]/);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const x = left[index];
    const y = right[index];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const order = compareIdentifier(x, y);
    if (order !== 0) return order;
  }
  return 0;
}

function compareIdentifier(x: string, y: string): number {
  const xNumeric = /^\d+$/.test(x);
  const yNumeric = /^\d+$/.test(y);
  if (xNumeric && yNumeric) return Math.sign(Number(x) - Number(y));
  if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
  // `rc1` vs `rc10`: compare the letters, then the trailing number, so betas order the way people expect.
  const [, xText = x, xNumber = ''] = /^(\D*)(\d*)$/.exec(x) ?? [];
  const [, yText = y, yNumber = ''] = /^(\D*)(\d*)$/.exec(y) ?? [];
  if (xText !== yText) return xText < yText ? -1 : 1;
  return Math.sign(Number(xNumber || 0) - Number(yNumber || 0));
}
