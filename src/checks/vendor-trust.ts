/**
 * Vendor trust (issue 16): how a maker behaves on security, from the facts in data/vendor-trust.json, each with a
 * source and a date. A vendor is judged only on a record of at least two facts; fewer is "unknown", never a
 * verdict. The firmware catalogue's release history adds the update cadence (see app/risk/vendor-view.ts).
 */
import { z } from 'zod';
import { FAMILY_SELECTORS } from '../families/index.ts';
import rawTrust from './data/vendor-trust.json' with { type: 'json' };

export const TRUST_ASPECTS = [
  'disclosure-policy',
  'time-to-fix',
  'no-response',
  'support-period',
  'local-only',
] as const;
export type TrustAspect = (typeof TRUST_ASPECTS)[number];

const factSchema = z
  .object({
    aspect: z.enum(TRUST_ASPECTS),
    rating: z.enum(['good', 'neutral', 'poor']),
    text: z.string().min(1),
    source: z.string().regex(/^https?:\/\//, 'a fact needs a source URL'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a fact needs the date it was recorded (YYYY-MM-DD)'),
  })
  .strict();

const vendorSchema = z
  .object({ line: z.enum(FAMILY_SELECTORS), vendor: z.string().min(1), facts: z.array(factSchema) })
  .strict();

export const vendorTrustSchema = z.object({ $comment: z.string().optional(), vendors: z.array(vendorSchema) }).strict();

export type TrustFact = z.infer<typeof factSchema>;
export type VendorRecord = z.infer<typeof vendorSchema>;
export type VendorTrustData = z.infer<typeof vendorTrustSchema>;

/** Below this many facts a vendor is not judged. */
export const MIN_FACTS_TO_JUDGE = 2;

export type TrustLevel = 'good' | 'mixed' | 'poor' | 'unknown';

export interface VendorTrust {
  vendor: string;
  level: TrustLevel;
  /** One line: why this level ("2 good, 1 poor of 3 recorded facts"). */
  summary: string;
  facts: TrustFact[];
}

export const BUILT_IN_VENDOR_TRUST: VendorTrustData = vendorTrustSchema.parse(rawTrust);

/**
 * The level from the facts: any poor fact makes it `mixed` (or `poor` when poor facts outnumber good ones); only
 * good and neutral facts make it `good`. Fewer than MIN_FACTS_TO_JUDGE facts: `unknown`.
 */
export function judgeVendor(record: VendorRecord): VendorTrust {
  const count = (rating: TrustFact['rating']) => record.facts.filter((fact) => fact.rating === rating).length;
  const [good, poor] = [count('good'), count('poor')];
  const total = record.facts.length;
  if (total < MIN_FACTS_TO_JUDGE) {
    return {
      vendor: record.vendor,
      level: 'unknown',
      summary: `not judged: ${total} recorded fact${total === 1 ? '' : 's'}, at least ${MIN_FACTS_TO_JUDGE} needed`,
      facts: record.facts,
    };
  }
  const level: TrustLevel = poor === 0 ? 'good' : poor > good ? 'poor' : 'mixed';
  return {
    vendor: record.vendor,
    level,
    summary: `${good} good, ${poor} poor of ${total} recorded facts`,
    facts: record.facts,
  };
}

/** The trust of the vendor behind a product line (`shelly`, `kasa`); unknown when no record exists. */
export function vendorTrustOf(line: string | undefined, data: VendorTrustData = BUILT_IN_VENDOR_TRUST): VendorTrust {
  const record = data.vendors.find((vendor) => vendor.line === line);
  if (!record) return { vendor: line ?? 'unknown', level: 'unknown', summary: 'not judged: no record', facts: [] };
  return judgeVendor(record);
}
