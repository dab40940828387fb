/**
 * The shipped advisory data (data/advisories.json) and how a device is matched against it. The data is validated
 * when loaded, so a bad edit fails loudly at start-up instead of silently matching nothing.
 */
import { z } from 'zod';
import type { DeviceFacts } from '../families/facts.ts';
import { FAMILY_SELECTORS, profileOf, selects } from '../families/index.ts';
import { compareVersions } from '../families/version-scheme.ts';
import rawAdvisories from './data/advisories.json' with { type: 'json' };
import { SEVERITIES } from './finding.ts';

const familySchema = z.enum(FAMILY_SELECTORS);

const productSchema = z
  .object({
    product: z.string(),
    /** Empty: every model of the family (firmware projects such as ESPHome and Tasmota). */
    models: z.array(z.string()),
    hardware: z.array(z.string()),
    affected: z
      .object({
        introduced: z.string().optional(),
        lessThan: z.string().optional(),
        lastAffected: z.string().optional(),
      })
      .strict()
      .refine((range) => range.lessThan !== undefined || range.lastAffected !== undefined, 'needs an upper bound'),
    fixedVersion: z.string().nullable(),
  })
  .strict();

/** One advisory entry; the firmware catalogue uses the same shape for the advisories it adds. */
export const advisorySchema = z
  .object({
    // A CVE or GHSA id; a published advisory that never got one (LIFX's 2014 mesh leak) is named VENDOR-YEAR-TOPIC.
    id: z.string().regex(/^(CVE-\d{4}-\d{4,}|GHSA-[\w-]+|[A-Z][A-Z0-9]+-\d{4}-[A-Z0-9-]+)$/),
    family: familySchema,
    vendor: z.string(),
    title: z.string(),
    summary: z.string(),
    severity: z.enum(SEVERITIES),
    cvss: z.string().nullable(),
    condition: z.string().nullable(),
    products: z.array(productSchema).min(1),
    sources: z.array(z.url()).min(1),
  })
  .strict();

const fileSchema = z.object({ $comment: z.string(), advisories: z.array(advisorySchema) }).strict();

export type Advisory = z.infer<typeof advisorySchema>;
export type AdvisoryProduct = z.infer<typeof productSchema>;

/** Every shipped advisory, validated. */
export const ADVISORIES: readonly Advisory[] = fileSchema.parse(rawAdvisories).advisories;

/** One advisory that applies to one device, with the product entry that matched. */
export interface AdvisoryMatch {
  advisory: Advisory;
  product: AdvisoryProduct;
  /** true: the installed firmware is in the affected range; undefined: the version could not be compared. */
  affected: boolean | undefined;
}

/** Advisories whose product matches this device's family, model and hardware, with whether its firmware is affected. */
export function matchAdvisories(device: DeviceFacts, advisories: readonly Advisory[] = ADVISORIES): AdvisoryMatch[] {
  const matches: AdvisoryMatch[] = [];
  for (const advisory of advisories) {
    if (!selects(advisory.family, device.family)) continue;
    const product = advisory.products.find((candidate) => productMatches(candidate, device));
    if (!product) continue;
    const installed = device.firmware.installed;
    const affected = installed === undefined ? undefined : inRange(device, installed, product.affected);
    matches.push({ advisory, product, affected });
  }
  return matches;
}

/** `HS110(US)` → `HS110`: Kasa models carry a region suffix that advisories leave out. */
export function baseModel(model: string): string {
  return model
    .replace(/\([^)]*\)\s*$/, '')
    .trim()
    .toUpperCase();
}

function productMatches(product: AdvisoryProduct, device: DeviceFacts): boolean {
  if (product.models.length > 0) {
    if (!device.model || !product.models.some((model) => baseModel(model) === baseModel(device.model!))) return false;
  }
  if (product.hardware.length === 0) return true;
  const hw = device.hwVersion?.trim();
  return hw !== undefined && product.hardware.some((version) => hw === version || hw.startsWith(`${version}.`));
}

function inRange(device: DeviceFacts, installed: string, range: AdvisoryProduct['affected']): boolean | undefined {
  const scheme = profileOf(device).versionScheme;
  const checks: Array<[string | undefined, (order: number) => boolean]> = [
    [range.introduced, (order) => order >= 0],
    [range.lessThan, (order) => order < 0],
    [range.lastAffected, (order) => order <= 0],
  ];
  for (const [bound, holds] of checks) {
    if (bound === undefined) continue;
    const order = compareVersions(scheme, installed, bound);
    if (order === undefined) return undefined;
    if (!holds(order)) return false;
  }
  return true;
}
