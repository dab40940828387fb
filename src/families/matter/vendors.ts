import { z } from 'zod';
import rawVendors from './vendors.json' with { type: 'json' };

/** One Matter vendor id and the name the CSA registers for it. */
export interface MatterVendor {
  id: number;
  name: string;
  /** The Matter Core Specification's test vendor ids (0xFFF1–0xFFF4): development builds, not certified products. */
  test: boolean;
}

const fileSchema = z
  .object({
    $comment: z.string(),
    source: z.string().min(1),
    vendors: z.array(
      z
        .object({
          id: z.number().int().min(1).max(0xfffe),
          name: z.string().min(1),
          test: z.boolean().default(false),
        })
        .strict(),
    ),
  })
  .strict();

const FILE = fileSchema.parse(rawVendors);

/** Where the shipped names come from (shown beside them in evidence). */
export const MATTER_VENDOR_SOURCE = FILE.source;

/** The shipped vendor list, validated when loaded so a bad edit fails at start-up. */
export const MATTER_VENDORS: readonly MatterVendor[] = FILE.vendors;

const BY_ID = new Map(MATTER_VENDORS.map((vendor) => [vendor.id, vendor]));

/** The registered vendor of a VID, or undefined when iotwarden does not ship its name. */
export function matterVendor(id: number): MatterVendor | undefined {
  return BY_ID.get(id);
}

/** `0x130A`: how the CSA and the DCL write ids. */
export function hex4(id: number): string {
  return `0x${id.toString(16).toUpperCase().padStart(4, '0')}`;
}
