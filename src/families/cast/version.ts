import type { VersionKey, VersionScheme } from '../version-scheme.ts';

/** Cast firmware: `cast_build_revision` `1.<major>.<build>` (`1.56.275994`), fixtures/cast README. */
export function parseCastRevision(text: string): VersionKey | undefined {
  const match = /^\s*(\d+)\.(\d+)\.(\d+)\s*$/.exec(text);
  return match ? { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], build: [] } : undefined;
}

export const castScheme: VersionScheme = { name: 'cast', parse: parseCastRevision };
