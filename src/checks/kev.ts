/**
 * CISA's Known Exploited Vulnerabilities catalog, as shipped in data/kev.json (a subset in the feed's own format,
 * https://www.cisa.gov/known-exploited-vulnerabilities-catalog). A CVE on it is being exploited now, which raises
 * the likelihood of a finding that names it. Validated on load so a bad edit fails loudly.
 */
import { z } from 'zod';
import rawKev from './data/kev.json' with { type: 'json' };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One catalog entry, with the feed's field names (schema: known_exploited_vulnerabilities_schema.json). */
export const kevEntrySchema = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  vendorProject: z.string().min(1),
  product: z.string().min(1),
  vulnerabilityName: z.string().min(1),
  dateAdded: isoDate,
  shortDescription: z.string().min(1),
  requiredAction: z.string().min(1),
  dueDate: isoDate,
  knownRansomwareCampaignUse: z.string().optional(),
  /** The feed puts its references here; iotwarden's subset requires at least one URL. */
  notes: z.string().regex(/https?:\/\//, 'notes must cite a source URL'),
  cwes: z.array(z.string()).optional(),
});

export const kevCatalogSchema = z
  .object({
    title: z.string(),
    catalogVersion: z.string().min(1),
    dateReleased: z.string().min(10),
    count: z.number().int().nonnegative(),
    vulnerabilities: z.array(kevEntrySchema),
  })
  .refine((doc) => doc.count === doc.vulnerabilities.length, 'count must equal the number of vulnerabilities');

export type KevEntry = z.infer<typeof kevEntrySchema>;
export type KevCatalog = z.infer<typeof kevCatalogSchema>;

/** The shipped subset, validated. */
export const BUILT_IN_KEV: KevCatalog = kevCatalogSchema.parse(rawKev);

/** A lookup by CVE id (case-insensitive, as ids appear in findings' subjects and references). */
export function kevIndex(catalog: KevCatalog = BUILT_IN_KEV): (cve: string) => KevEntry | undefined {
  const byId = new Map(catalog.vulnerabilities.map((entry) => [entry.cveID.toUpperCase(), entry]));
  return (cve) => byId.get(cve.toUpperCase());
}
