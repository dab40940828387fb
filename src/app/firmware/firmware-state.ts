/**
 * Firmware state per device: the inventory's latest facts merged with the catalogue. Which version is newest, where
 * that knowledge came from, the CVEs an update would fix, a breakage it would bring, and whether the installed
 * version is below the oldest supported one.
 */
import { SEVERITIES } from '../../checks/finding.ts';
import type { DeviceFacts } from '../../families/facts.ts';
import { schemeForFamily } from '../../families/index.ts';
import { compareVersions } from '../../families/version-scheme.ts';
import type { Store } from '../../store/store.ts';
import type { DeviceSummary } from '../../store/types.ts';
import type { FirmwareCatalogue } from './catalogue.ts';
import type { DeviceFirmware, FirmwareDevice, FirmwareState, FixedAdvisory, MinimumSupported } from './types.ts';

/** Every device of the inventory that a family adapter identified, with its firmware state, ordered by address. */
export async function firmwareStates(store: Store, catalogue: FirmwareCatalogue): Promise<DeviceFirmware[]> {
  const devices = await store.devices();
  return devices.flatMap((summary) => {
    const result = deviceFirmwareOf(summary, catalogue);
    return result ? [result] : [];
  });
}

/** The firmware view of one stored device; undefined when no family adapter identified it. */
export function deviceFirmwareOf(summary: DeviceSummary, catalogue: FirmwareCatalogue): DeviceFirmware | undefined {
  const facts = summary.facts.device;
  if (!facts) return undefined;
  const device: FirmwareDevice = {
    deviceId: summary.deviceId,
    name: summary.name ?? facts.name,
    address: summary.address,
    family: facts.family,
    vendor: facts.vendor,
    model: facts.model,
    hwVersion: facts.hwVersion,
    mac: summary.mac ?? facts.mac,
    openTcpPorts: summary.facts.services.filter((s) => s.transport === 'tcp').map((s) => s.port),
    protocols: facts.protocols,
    observedMs: summary.lastSeenMs,
  };
  const ha = summary.context.homeAssistant;
  if (ha) device.homeAssistant = { integration: ha.integration, ...(ha.title ? { title: ha.title } : {}) };
  return { device, state: firmwareStateOf(summary.deviceId, facts, catalogue) };
}

/** Merges one device's firmware facts with the catalogue. Pure. */
export function firmwareStateOf(deviceId: string, facts: DeviceFacts, catalogue: FirmwareCatalogue): FirmwareState {
  const scheme = schemeForFamily(facts.family);
  const compare = (a: string, b: string): number | undefined => compareVersions(scheme, a, b);
  const firmware = facts.firmware;
  const installed = firmware.installed;
  const deviceLatest = firmware.latestSource === 'catalogue' ? undefined : firmware.latest;
  const catalogueLatest = catalogue.latestFor(facts)?.version;
  const limitations: string[] = [];

  let latest = deviceLatest ?? catalogueLatest;
  let latestSource: FirmwareState['latestSource'] =
    deviceLatest !== undefined ? 'device' : catalogueLatest !== undefined ? 'catalogue' : undefined;
  if (
    deviceLatest !== undefined &&
    catalogueLatest !== undefined &&
    (compare(catalogueLatest, deviceLatest) ?? 0) > 0
  ) {
    latest = catalogueLatest;
    latestSource = 'catalogue';
    limitations.push(
      `the catalogue lists ${catalogueLatest}, but the device's own update check offers ${deviceLatest === installed ? 'nothing newer' : deviceLatest}`,
    );
  }
  const order = installed !== undefined && latest !== undefined ? compare(latest, installed) : undefined;
  const updateAvailable = order === undefined ? undefined : order > 0;

  if (installed === undefined) {
    limitations.push(
      facts.limitations.find((text) => /firmware|version|update/i.test(text)) ??
        'the installed firmware version is unknown',
    );
  } else if (latest === undefined) {
    limitations.push(
      `no newer version known: the device does not report one and the catalogue has no release for ${facts.model ?? facts.vendor}`,
    );
  } else if (order === undefined) {
    limitations.push(`cannot compare installed ${installed} with ${latest}`);
  }

  const releaseDateOf = (version: string | undefined): string | undefined =>
    version === undefined
      ? undefined
      : (catalogue.releaseOf(facts, version)?.releaseDate ?? buildDateOf(version, facts.family));
  return {
    deviceId,
    installed,
    latest,
    latestSource: latest === undefined ? undefined : latestSource,
    deviceLatest,
    catalogueLatest,
    updateAvailable,
    autoUpdate: firmware.autoUpdate,
    releaseDate: releaseDateOf(latest),
    installedReleaseDate: releaseDateOf(installed) ?? firmware.releaseDate,
    cvesFixed: installed && latest && updateAvailable ? fixedBetween(facts, installed, latest, catalogue) : [],
    belowMinimum: installed ? belowMinimum(facts, installed, catalogue) : undefined,
    breakages: installed && latest && updateAvailable ? catalogue.breakagesBetween(facts, installed, latest) : [],
    catalogueSerial: catalogue.serial,
    limitations,
  };
}

/** Advisories the installed version is affected by and `latest` is not, worst first. */
function fixedBetween(
  facts: DeviceFacts,
  installed: string,
  latest: string,
  catalogue: FirmwareCatalogue,
): FixedAdvisory[] {
  const withVersion = (version: string): DeviceFacts => ({
    ...facts,
    firmware: { ...facts.firmware, installed: version },
  });
  const stillAffected = new Set(
    catalogue
      .advisoriesFor(withVersion(latest))
      .filter((match) => match.affected !== false)
      .map((match) => match.advisory.id),
  );
  return catalogue
    .advisoriesFor(withVersion(installed))
    .filter((match) => match.affected === true && !stillAffected.has(match.advisory.id))
    .map(({ advisory, product }) => ({
      id: advisory.id,
      severity: advisory.severity,
      title: advisory.title,
      fixedVersion: product.fixedVersion,
      sources: advisory.sources,
    }))
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

function belowMinimum(
  facts: DeviceFacts,
  installed: string,
  catalogue: FirmwareCatalogue,
): MinimumSupported | undefined {
  const minimum = catalogue.minimumFor(facts);
  if (!minimum) return undefined;
  // Build-date minimums (Shelly) are compared by date, the way aioshelly does (minimum-firmware.json).
  const scheme = schemeForFamily(facts.family);
  const date = scheme.buildDate?.(installed);
  let below: boolean | undefined;
  if (date !== undefined && minimum.buildDate !== undefined) below = date < minimum.buildDate;
  else if (minimum.version !== undefined) {
    const order = compareVersions(scheme, installed, minimum.version);
    below = order === undefined ? undefined : order < 0;
  }
  if (!below) return undefined;
  const wanted = minimum.version ?? `a build from ${formatDate(minimum.buildDate ?? 0)} or later`;
  return { minimum: wanted, reason: minimum.reason, source: minimum.source };
}

/** YYYY-MM-DD from a version string that carries a build date (Shelly `20230913-…`, Kasa `Build 201016`). */
export function buildDateOf(version: string, family: string | undefined): string | undefined {
  const date = schemeForFamily(family).buildDate?.(version);
  return date === undefined ? undefined : formatDate(date);
}

function formatDate(date: number): string {
  const text = String(date);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}
