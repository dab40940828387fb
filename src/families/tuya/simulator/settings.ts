import { z } from 'zod';

/**
 * Scenario settings of a simulated Tuya device. `{}` is a Wi-Fi plug on protocol 3.3 with a relay (DP 1) and a
 * countdown (DP 9). Ids and keys default to values derived from the device's MAC, so a scenario is stable; they are
 * illustrative, not from a capture (no LAN capture exists, ../shared/fixtures/tuya/README.md).
 */
export const tuyaSettings = z
  .object({
    version: z.enum(['3.1', '3.3', '3.4', '3.5']).default('3.3'),
    /** The device id (`gwId`, `devId`): 20-22 characters. */
    gwId: z
      .string()
      .regex(/^[\w-]{8,64}$/)
      .optional(),
    /** The product key of the beacon (Tuya's `product_id`). */
    productKey: z.string().min(1).max(64).default('keyjup78v54myhan'),
    /** The 16-character local key the Tuya cloud gave the device at pairing. */
    localKey: z.string().length(16).optional(),
    /** Data points and their values. */
    dps: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).default({ '1': false, '9': 0 }),
    /**
     * Beacons sent on a timer, as real devices broadcast them, to a loopback address (the lab has no broadcast):
     * for a real client that listens on 6666/6667 (tuyapi `find()`). Off by default.
     */
    beacons: z
      .object({
        to: z.string().regex(/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/, 'a loopback address'),
        everyMs: z.number().int().min(50).max(60_000).default(1000),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TuyaSettings = z.infer<typeof tuyaSettings>;
