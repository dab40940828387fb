/**
 * `firmware.below-minimum`: the firmware is older than the oldest the vendor or Home Assistant still supports
 * (data/minimum-firmware.json). Shelly entries compare the build date, the way aioshelly does.
 */
import { z } from 'zod';
import type { DeviceFacts, HostFacts } from '../families/facts.ts';
import { FAMILY_SELECTORS, familyById, profileOf, selects } from '../families/index.ts';
import { compareVersions } from '../families/version-scheme.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass, skip } from './check.ts';
import rawMinimums from './data/minimum-firmware.json' with { type: 'json' };
import { updateSteps } from './firmware-steps.ts';
import { deviceLabel } from './host-view.ts';

/** One minimum-firmware entry; the firmware catalogue uses the same shape for the minimums it adds. */
export const minimumEntrySchema = z
  .object({
    family: z.enum(FAMILY_SELECTORS),
    generation: z.number().int().positive().optional(),
    models: z.array(z.string()).optional(),
    minBuildDate: z.number().int().min(19_000_101).max(29_991_231).optional(),
    minVersion: z.string().optional(),
    reason: z.string(),
    source: z.url(),
  })
  .strict()
  .refine(
    (entry) => entry.minBuildDate !== undefined || entry.minVersion !== undefined,
    'needs minBuildDate or minVersion',
  );

export type MinimumFirmware = z.infer<typeof minimumEntrySchema>;

/** Every shipped minimum, validated; more specific entries (with models) first. */
export const MINIMUM_FIRMWARE: readonly MinimumFirmware[] = z
  .object({ $comment: z.string(), entries: z.array(minimumEntrySchema) })
  .strict()
  .parse(rawMinimums)
  .entries.sort((a, b) => Number(b.models !== undefined) - Number(a.models !== undefined));

/** The minimum that applies to this device, if any is documented. */
export function minimumFor(
  device: DeviceFacts,
  entries: readonly MinimumFirmware[] = MINIMUM_FIRMWARE,
): MinimumFirmware | undefined {
  const generation = familyById(device.family)?.generation(device);
  return entries.find(
    (entry) =>
      selects(entry.family, device.family) &&
      (entry.generation === undefined || entry.generation === generation) &&
      (entry.models === undefined || (device.model !== undefined && entry.models.includes(device.model.toUpperCase()))),
  );
}

export const belowMinimumCheck: CheckDefinition = {
  id: 'firmware.below-minimum',
  title: 'Firmware older than the oldest supported version',
  severity: 'medium',
  severityRationale: 'Firmware this old no longer gets fixes and drops out of integrations such as Home Assistant.',
  references: {
    etsi: ['5.3-8', '5.3-13'],
    owasp: ['I5', 'I4'],
    nist: ['Software Update', 'Cybersecurity State Awareness'],
  },
  explanation:
    'The firmware is older than the oldest version the vendor or Home Assistant still supports. It misses years of fixes, and Home Assistant will refuse to talk to it.',
  action: 'Bring the firmware up to a supported version on',
  run(host: HostFacts): CheckResult {
    const device = host.device;
    if (!device) return pass();
    const minimum = minimumFor(device);
    if (!minimum) return pass();
    const installed = device.firmware.installed;
    if (!installed) return skip(belowMinimumCheck, 'the installed firmware version is unknown');
    const below = isBelow(device, installed, minimum);
    if (below === undefined)
      return skip(belowMinimumCheck, `cannot compare firmware "${installed}" with the documented minimum`);
    if (!below) return pass();
    const wanted = minimum.minVersion ?? `a build from ${formatDate(minimum.minBuildDate!)} or later`;
    return {
      findings: [
        makeFinding(belowMinimumCheck, {
          subject: installed,
          detail: `${deviceLabel(host)} runs firmware ${installed}; the oldest supported is ${wanted}. ${minimum.reason}`,
          evidence: [{ sent: `firmware ${installed}`, received: `minimum ${wanted} (${minimum.source})` }],
          remediation: updateSteps(host),
          extraReferences: [minimum.source],
        }),
      ],
    };
  },
};

function isBelow(device: DeviceFacts, installed: string, minimum: MinimumFirmware): boolean | undefined {
  const scheme = profileOf(device).versionScheme;
  // Build-date minimums are compared by date where the scheme carries one, the way aioshelly does.
  const date = scheme.buildDate?.(installed);
  if (date !== undefined && minimum.minBuildDate !== undefined) return date < minimum.minBuildDate;
  if (minimum.minVersion === undefined) return undefined;
  const order = compareVersions(scheme, installed, minimum.minVersion);
  return order === undefined ? undefined : order < 0;
}

function formatDate(date: number): string {
  const text = String(date);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}
