import { z } from 'zod';

const firmware = z.string().regex(/^\d{1,5}\.\d{1,5}$/, 'a LIFX firmware version, major.minor (3.70)');

/**
 * Scenario settings of a simulated LIFX bulb. `{}` is a LIFX A19 (product 27) on host firmware 3.70, off, in the
 * group "Living Room" of the location "Home"; the label is the scenario name. Values are illustrative, not from a
 * capture (none exists, ../shared/fixtures/lifx/README.md).
 */
export const lifxSettings = z
  .object({
    /** `StateVersion.product`: an id of LIFX's products list (src/families/lifx/products.ts). */
    product: z.number().int().min(0).max(0xffffffff).default(27),
    /** `StateVersion.vendor`: 1 is LIFX. */
    vendor: z.number().int().min(0).max(0xffffffff).default(1),
    /** Host firmware, `major.minor` as the LIFX app shows it. */
    firmware: firmware.default('3.70'),
    /** Wi-Fi module firmware; newer bulbs answer 0.0 (the module's firmware is part of the host image). */
    wifiFirmware: firmware.default('0.0'),
    /** The bulb's label; the scenario name when absent. */
    label: z.string().optional(),
    group: z.string().default('Living Room'),
    location: z.string().default('Home'),
    power: z.boolean().default(false),
  })
  .strict();

export type LifxSettings = z.infer<typeof lifxSettings>;
