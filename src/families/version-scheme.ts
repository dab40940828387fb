/**
 * Firmware version strings differ per vendor, so each gets a parser that turns it into a comparable key:
 * the version numbers, an optional pre-release tag, and a build tie-breaker (a build date, a release number).
 * Strings below are the real ones from ../shared/fixtures.
 */

/** How a vendor writes versions: each family's descriptor names its scheme. */
export interface VersionScheme {
  /** Short name for messages (`shelly`, `kasa`, `semver`). */
  name: string;
  parse(text: string): VersionKey | undefined;
  /** The YYYYMMDD build date the string carries, for schemes that carry one (Shelly); data may compare by it. */
  buildDate?(text: string): number | undefined;
}

/** A parsed version: compare `numbers`, then `pre` (a release sorts above its pre-releases), then `build`. */
export interface VersionKey {
  numbers: number[];
  pre?: string;
  build: number[];
}

/** Plain semver (`1.2.3-beta.1+build`), also partial (`1.6`) and calendar versions (`2025.8.0`). */
export function parseSemver(text: string): VersionKey | undefined {
  const match = /^\s*v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/.exec(text);
  if (!match) return undefined;
  return withPre({ numbers: splitNumbers(match[1] ?? ''), build: [] }, match[2]);
}

/** Semver, also ESPHome's calendar versions (`2025.12.7`) and whatever an unidentified device reports. */
export const semverScheme: VersionScheme = { name: 'semver', parse: parseSemver };

/**
 * Compares two version strings of one scheme: negative when `a` is older, 0 when equal, positive when newer,
 * undefined when either cannot be parsed (callers must then say they could not tell, never guess).
 */
export function compareVersions(scheme: VersionScheme, a: string, b: string): number | undefined {
  const left = scheme.parse(a);
  const right = scheme.parse(b);
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

export function splitNumbers(dotted: string): number[] {
  return dotted.split('.').map((part) => Number(part));
}

export function withPre(key: VersionKey, pre: string | undefined): VersionKey {
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
