/**
 * The firmware catalogue in use: a verified catalogue document overlaid on the shipped advisory and minimum-firmware
 * data (src/checks/data), which stay the single source of those facts. Releases implied by advisories (each fixed
 * version is a published release) count as releases too, so a fixed version never has to be written twice.
 */
import { ADVISORIES, type Advisory, type AdvisoryMatch, matchAdvisories } from '../../checks/advisories.ts';
import { MINIMUM_FIRMWARE, type MinimumFirmware, minimumFor } from '../../checks/firmware-below-minimum.ts';
import type { DeviceFacts } from '../../families/facts.ts';
import { schemeForFamily, selects } from '../../families/index.ts';
import { compareVersions } from '../../families/version-scheme.ts';
import type { CatalogueDocument, CatalogueModel } from './catalogue-schema.ts';
import { modelMatches } from './policy-match.ts';
import type { BreakageEffects, KnownBreakage } from './types.ts';

/** Where the catalogue in use came from. */
export interface CatalogueOrigin {
  kind: 'bundled' | 'store';
  keyId: string;
  sha256: string;
  /** File path or URL it was imported from (store), or the bundled file. */
  source: string;
  importedMs?: number;
}

/** A release as the catalogue knows it for one device. */
export interface KnownRelease {
  version: string;
  releaseDate: string | undefined;
}

export class FirmwareCatalogue {
  readonly document: CatalogueDocument;
  readonly origin: CatalogueOrigin;
  readonly advisories: readonly Advisory[];
  readonly minimums: readonly MinimumFirmware[];

  constructor(document: CatalogueDocument, origin: CatalogueOrigin) {
    this.document = document;
    this.origin = origin;
    const replaced = new Set(document.advisories.map((advisory) => advisory.id));
    this.advisories = [...ADVISORIES.filter((advisory) => !replaced.has(advisory.id)), ...document.advisories];
    // Catalogue minimums are newer knowledge: they come first, and model-specific ones before generation defaults.
    this.minimums = [...document.minimums, ...MINIMUM_FIRMWARE].sort(
      (a, b) => Number(b.models !== undefined) - Number(a.models !== undefined),
    );
  }

  get serial(): number {
    return this.document.serial;
  }

  /** The most specific model entry for the device: hardware-specific before generic, exact model before base. */
  entryFor(device: DeviceFacts): CatalogueModel | undefined {
    const candidates = this.document.models.filter(
      (entry) =>
        selects(entry.family, device.family) &&
        (entry.models.length === 0 || entry.models.some((model) => modelMatches(model, device.model))) &&
        hardwareMatches(entry.hardware, device.hwVersion),
    );
    const score = (entry: CatalogueModel): number =>
      (entry.hardware.length > 0 ? 2 : 0) +
      (entry.models.some((m) => m.toUpperCase() === device.model?.toUpperCase()) ? 1 : 0);
    return candidates.sort((a, b) => score(b) - score(a))[0];
  }

  /** Advisories for the device's model and hardware, with whether its installed firmware is affected. */
  advisoriesFor(device: DeviceFacts): AdvisoryMatch[] {
    return matchAdvisories(device, this.advisories);
  }

  /** Every release known for the device, oldest first: the model entry's releases and the advisories' fixed versions. */
  releasesFor(device: DeviceFacts): KnownRelease[] {
    const scheme = schemeForFamily(device.family);
    const byVersion = new Map<string, KnownRelease>();
    for (const release of this.entryFor(device)?.releases ?? []) {
      byVersion.set(release.version, { version: release.version, releaseDate: release.releaseDate });
    }
    for (const match of matchAdvisories({ ...device, firmware: {} }, this.advisories)) {
      const fixed = match.product.fixedVersion;
      if (fixed && !byVersion.has(fixed)) byVersion.set(fixed, { version: fixed, releaseDate: undefined });
    }
    return [...byVersion.values()]
      .filter((release) => compareVersions(scheme, release.version, release.version) !== undefined)
      .sort((a, b) => compareVersions(scheme, a.version, b.version) ?? 0);
  }

  /** The newest known release for the device. */
  latestFor(device: DeviceFacts): KnownRelease | undefined {
    return this.releasesFor(device).at(-1);
  }

  /** The release entry of one version, when the catalogue lists it (compared per vendor, so build suffixes match). */
  releaseOf(device: DeviceFacts, version: string): KnownRelease | undefined {
    const scheme = schemeForFamily(device.family);
    return this.releasesFor(device).find((release) => compareVersions(scheme, release.version, version) === 0);
  }

  /** The minimum supported firmware: the model entry's own, else the shipped/catalogue minimums. */
  minimumFor(
    device: DeviceFacts,
  ): { version?: string; buildDate?: number; reason: string; source: string } | undefined {
    const own = this.entryFor(device)?.minimum;
    if (own) return { version: own.version, reason: own.reason, source: own.source };
    const entry = minimumFor(device, this.minimums);
    if (!entry) return undefined;
    return {
      ...(entry.minVersion === undefined ? {} : { version: entry.minVersion }),
      ...(entry.minBuildDate === undefined ? {} : { buildDate: entry.minBuildDate }),
      reason: entry.reason,
      source: entry.source,
    };
  }

  /** Breakages introduced after `installed`, up to and including `target`. */
  breakagesBetween(device: DeviceFacts, installed: string, target: string): KnownBreakage[] {
    const scheme = schemeForFamily(device.family);
    return (this.entryFor(device)?.breakages ?? [])
      .filter((breakage) => {
        const afterInstalled = compareVersions(scheme, breakage.version, installed);
        const upToTarget = compareVersions(scheme, breakage.version, target);
        return afterInstalled !== undefined && afterInstalled > 0 && upToTarget !== undefined && upToTarget <= 0;
      })
      .map((breakage) => ({
        id: breakage.id,
        version: breakage.version,
        // The schema checks tags by shape; an unknown tag simply never matches a device's protocols.
        effects: withoutUndefined(breakage.effects) as BreakageEffects,
        summary: breakage.summary,
        options: breakage.options,
        sources: breakage.sources,
      }));
  }
}

/** `4` matches `4.1`; an empty list matches every hardware version. */
function hardwareMatches(hardware: readonly string[], hwVersion: string | undefined): boolean {
  if (hardware.length === 0) return true;
  const hw = hwVersion?.trim();
  return hw !== undefined && hardware.some((version) => hw === version || hw.startsWith(`${version}.`));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
