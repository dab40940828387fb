import type { VersionKey, VersionScheme } from '../version-scheme.ts';

/** Sonos software versions: `<major>.<minor>-<build>` (`28.1-83040`, `57.4-83220`), fixtures/sonos README. */
export function parseSonos(text: string): VersionKey | undefined {
  const match = /^\s*(\d+)\.(\d+)-(\d+)\s*$/.exec(text);
  return match ? { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], build: [] } : undefined;
}

export const sonosScheme: VersionScheme = { name: 'sonos', parse: parseSonos };
