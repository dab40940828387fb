/**
 * How long a device's firmware has gone unpatched: the first release newer than the installed one that the
 * firmware catalogue dates. A year without it adds to the likelihood (docs/decisions/risk-score.md).
 */
import { emptyDeviceFacts } from '../../families/facts.ts';
import { schemeForFamily } from '../../families/index.ts';
import { compareVersions } from '../../families/version-scheme.ts';
import type { FirmwareCatalogue, KnownRelease } from '../firmware/catalogue.ts';
import type { ReportDevice } from '../report/report-model.ts';

export interface UnpatchedSince {
  version: string;
  releaseDate: string;
}

/** The oldest dated catalogue release newer than what the device runs, or undefined (current, or unknown). */
export function firstNewerRelease(device: ReportDevice, catalogue: FirmwareCatalogue): UnpatchedSince | undefined {
  const installed = device.firmware.installed;
  if (!installed || device.family === 'generic') return undefined;
  const facts = {
    ...emptyDeviceFacts(device.family, device.vendor ?? ''),
    ...(device.model ? { model: device.model } : {}),
    ...(device.hwVersion ? { hwVersion: device.hwVersion } : {}),
  };
  const scheme = schemeForFamily(device.family);
  const newer = catalogue
    .releasesFor(facts)
    .filter((r): r is KnownRelease & { releaseDate: string } => r.releaseDate !== undefined)
    .filter((r) => (compareVersions(scheme, r.version, installed) ?? 0) > 0)
    .sort((a, b) => a.releaseDate.localeCompare(b.releaseDate));
  const first = newer[0];
  return first ? { version: first.version, releaseDate: first.releaseDate } : undefined;
}

/** Whole days from a YYYY-MM-DD date to `nowMs`. */
export function daysSince(isoDate: string, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(`${isoDate}T00:00:00Z`)) / 86_400_000));
}
