/**
 * The shipped domain data (src/checks/data/domains.json), validated when loaded so a bad edit fails at start-up
 * instead of silently classifying nothing. Every entry must name its source.
 */
import { z } from 'zod';
import rawDomains from './data/domains.json' with { type: 'json' };

export const DOMAIN_CATEGORIES = ['vendor-cloud', 'time', 'tracking', 'cdn', 'local', 'unknown'] as const;

/** A domain suffix: lower-case labels separated by dots, no leading or trailing dot. */
export const domainSuffixSchema = z
  .string()
  .transform((text) => text.trim().toLowerCase().replace(/\.$/, ''))
  .pipe(
    z.string().regex(/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/, 'not a domain name'),
  );

const entrySchema = z
  .object({
    suffix: domainSuffixSchema,
    category: z.enum(DOMAIN_CATEGORIES).exclude(['unknown']),
    vendor: z.string().min(1).optional(),
    note: z.string().min(1).optional(),
    source: z.string().min(1),
  })
  .strict();

const vendorSchema = z
  .object({
    vendor: z.string().min(1),
    needsInternet: z.enum(['no', 'setup', 'yes']),
    note: z.string().min(1),
    source: z.string().min(1),
  })
  .strict();

const fileSchema = z
  .object({
    $comment: z.string(),
    version: z.string().min(1),
    entries: z.array(entrySchema),
    vendors: z.array(vendorSchema),
  })
  .strict();

export type DomainDataEntry = z.infer<typeof entrySchema>;
export type VendorKnowledge = z.infer<typeof vendorSchema>;
export type DomainData = z.infer<typeof fileSchema>;

/** The built-in data, parsed once. */
export const BUILT_IN_DOMAIN_DATA: DomainData = fileSchema.parse(rawDomains);

/** What the vendor says about needing the internet, matched on DeviceFacts.vendor or the MAC vendor's first word. */
export function vendorKnowledge(
  vendor: string | undefined,
  data: DomainData = BUILT_IN_DOMAIN_DATA,
): VendorKnowledge | undefined {
  if (!vendor) return undefined;
  return data.vendors.find((entry) => sameVendor(entry.vendor, vendor));
}

/**
 * Whether two vendor names mean the same company: equal ignoring case, or one is the other's first word
 * (`Google` vs the IEEE registry's `Google, Inc.`).
 */
export function sameVendor(a: string, b: string): boolean {
  const norm = (text: string): string =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, ' ')
      .trim();
  const x = norm(a);
  const y = norm(b);
  if (x === '' || y === '') return false;
  return x === y || y.startsWith(`${x} `) || x.startsWith(`${y} `);
}
