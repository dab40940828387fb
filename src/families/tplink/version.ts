import { splitNumbers, type VersionKey, type VersionScheme } from '../version-scheme.ts';

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

/** TP-Link firmware strings (Kasa and Tapo, both protocols). */
export const kasaScheme: VersionScheme = { name: 'kasa', parse: parseKasa, buildDate: kasaBuildDate };

/** The YYYYMMDD date of `Build 201016` or `Build 20230711`. */
export function kasaBuildDate(text: string): number | undefined {
  const build = /\bBuild\s+(\d{8}|\d{6})\b/i.exec(text)?.[1];
  if (build === undefined) return undefined;
  return build.length === 6 ? 20_000_000 + Number(build) : Number(build);
}
