import { z } from 'zod';

/**
 * The DNS-SD TXT records of a Matter node (Matter Core Specification 1.3 §4.3.1 commissionable, §4.3.2 operational,
 * §4.3.4 common keys). TXT values are untrusted text: every key is checked against its spec'd range and a record
 * that breaks one is rejected as a whole, with the reason, rather than half-read.
 */

/** A decimal integer written without sign, leading `+` or exponent, within [min, max]. */
function decimal(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, 'not a decimal number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** `VP`: `<vid>` or `<vid>+<pid>`, both decimal 16-bit (§4.3.1.4). */
const vendorProduct = z
  .string()
  .regex(/^\d{1,5}(\+\d{1,5})?$/, 'VP is not <vid>+<pid>')
  .transform((text) => text.split('+').map(Number))
  .pipe(
    z
      .array(z.number().int().min(0).max(0xffff))
      .min(1)
      .max(2)
      .transform(([vendorId, productId]) => ({ vendorId: vendorId as number, productId })),
  );

/** Keys shared by commissionable and operational records (§4.3.4): MRP intervals, TCP support, ICD. */
const commonKeys = {
  /** Session idle interval, ms (≤ 1 hour). */
  SII: decimal(0, 3_600_000).optional(),
  /** Session active interval, ms (≤ 1 hour). */
  SAI: decimal(0, 3_600_000).optional(),
  /** Session active threshold, ms. */
  SAT: decimal(0, 65_535).optional(),
  /** TCP support: 0/1 before Matter 1.3, a bitmap (bit 1 client, bit 2 server) since. */
  T: decimal(0, 6).optional(),
  /** Intermittently connected device operating mode. */
  ICD: decimal(0, 1).optional(),
};

export const commissionableTxtSchema = z.looseObject({
  /** Long discriminator, 12 bits (§4.3.1.2); required. */
  D: decimal(0, 4095),
  VP: vendorProduct.optional(),
  /** Commissioning mode: 0 not in commissioning mode, 1 basic window open, 2 enhanced window open (§4.3.1.3). */
  CM: decimal(0, 2).optional(),
  /** Primary device type (§4.3.1.5). */
  DT: decimal(0, 0xffff_ffff).optional(),
  /** Device name, at most 32 bytes (§4.3.1.6). */
  DN: z
    .string()
    .refine((text) => Buffer.byteLength(text) <= 32, 'DN longer than 32 bytes')
    .optional(),
  /** Rotating device identifier, hex (§4.3.1.7). */
  RI: z
    .string()
    .regex(/^[0-9A-Fa-f]{0,100}$/, 'RI is not hex')
    .optional(),
  /** Pairing hint bitmap (§4.3.1.8). */
  PH: decimal(0, 0xffff_ffff).optional(),
  /** Pairing instruction (§4.3.1.9). */
  PI: z.string().max(128).optional(),
  ...commonKeys,
});

export type CommissionableTxt = z.infer<typeof commissionableTxtSchema>;

export const operationalTxtSchema = z.looseObject(commonKeys);

/** Operational instance name: `<compressed fabric id>-<node id>`, 16 upper-case hex digits each (§4.3.2.1). */
export const operationalInstanceSchema = z
  .string()
  .regex(/^[0-9A-Fa-f]{16}-[0-9A-Fa-f]{16}$/, 'not <fabric>-<node> hex')
  .transform((text) => {
    const [compressedFabricId, nodeId] = text.toUpperCase().split('-') as [string, string];
    return { compressedFabricId, nodeId };
  });

/** The first problem zod found, as one line (`CM: Too big: expected number to be <=2`). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}
