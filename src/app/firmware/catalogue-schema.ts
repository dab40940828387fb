/**
 * The firmware catalogue file format (`format: iotwarden-firmware-catalogue`, `formatVersion: 1`). Advisories and
 * minimums use the same shapes as src/checks/data/advisories.json and minimum-firmware.json: the shipped files stay
 * the one source of those facts, and a catalogue only adds or replaces entries (new CVEs between releases).
 */
import { z } from 'zod';
import { advisorySchema } from '../../checks/advisories.ts';
import { minimumEntrySchema } from '../../checks/firmware-below-minimum.ts';
import { FAMILY_SELECTORS } from '../../families/index.ts';

/** `shelly` (every Shelly), `shelly-gen2`, …: see FAMILY_SELECTORS. The signed catalogue names product lines. */
const family = z.enum(FAMILY_SELECTORS);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const protocolTag = z.string().regex(/^[a-z0-9-]+$/, 'a protocol tag such as kasa-xor or klap');

const releaseSchema = z
  .object({
    version: z.string().min(1),
    releaseDate: isoDate.optional(),
    notes: z.string().optional(),
    sources: z.array(z.url()).optional(),
  })
  .strict();

const breakageSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case id, e.g. kasa-hs100uk-4.1-klap'),
    version: z.string().min(1),
    effects: z
      .object({
        closesPorts: z.array(z.number().int().min(1).max(65_535)).optional(),
        opensPorts: z.array(z.number().int().min(1).max(65_535)).optional(),
        protocolChange: z
          .string()
          .regex(/^[a-z0-9-]+\u2192[a-z0-9-]+$/, 'from→to, e.g. kasa-xor→klap')
          .optional(),
        removesProtocols: z.array(protocolTag).optional(),
        affects: z.array(z.string().min(1)).min(1),
      })
      .strict(),
    summary: z.string().min(1),
    options: z.array(z.string().min(1)),
    sources: z.array(z.url()).min(1),
  })
  .strict();

const modelSchema = z
  .object({
    family,
    vendor: z.string().min(1),
    /**
     * Model ids as devices report them; `HS100` matches every region, `HS100(UK)` only the UK one. Empty: every model
     * of the family (firmware projects such as Tasmota and ESPHome ship one firmware for all boards).
     */
    models: z.array(z.string().min(1)),
    /** Hardware versions; empty means all. `4` matches `4.1`. */
    hardware: z.array(z.string()).default([]),
    name: z.string().min(1),
    releases: z.array(releaseSchema).default([]),
    minimum: z.object({ version: z.string(), reason: z.string(), source: z.url() }).strict().optional(),
    breakages: z.array(breakageSchema).default([]),
  })
  .strict();

// Advisories and minimums have exactly the shapes of the shipped data files, from the checks that read them.
export { advisorySchema, minimumEntrySchema as minimumSchema };

export const CATALOGUE_FORMAT = 'iotwarden-firmware-catalogue';

export const catalogueDocumentSchema = z
  .object({
    $comment: z.string().optional(),
    format: z.literal(CATALOGUE_FORMAT),
    formatVersion: z.literal(1),
    /** Grows with every published catalogue; an update never goes back to a lower serial. */
    serial: z.number().int().positive(),
    published: isoDate,
    models: z.array(modelSchema),
    advisories: z.array(advisorySchema).default([]),
    minimums: z.array(minimumEntrySchema).default([]),
  })
  .strict();

export type CatalogueDocument = z.infer<typeof catalogueDocumentSchema>;
export type CatalogueModel = CatalogueDocument['models'][number];
export type CatalogueRelease = CatalogueModel['releases'][number];
