import { z } from 'zod';

/**
 * Scenario settings of a simulated Sonos player. `{}` is the PLAY:3 of fixtures/sonos/device_description
 * (duncan3dc_S3_PLAY3_28.1.xml): model S3 on software 28.1-83040, hardware 1.8.1.2-2. A `fixture:` description XML
 * is served as the player's own (its MAC and RINCON id replaced by the lab's, its room by the device name).
 */
export const sonosSettings = z
  .object({
    model: z.string().min(1).default('S3'),
    modelName: z.string().min(1).default('Sonos PLAY:3'),
    displayName: z.string().min(1).default('PLAY:3'),
    softwareVersion: z
      .string()
      .regex(/^\d+\.\d+-\d+$/)
      .default('28.1-83040'),
    hardwareVersion: z.string().min(1).default('1.8.1.2-2'),
    /** The app-facing version (`displayVersion`). */
    displayVersion: z.string().min(1).default('5.2'),
    /** `swGen`: 1 = S1, 2 = S2; left out as the 2015 firmware did. */
    swGen: z.union([z.literal(1), z.literal(2)]).optional(),
    household: z.string().min(1).default('Sonos_lab0household0000000000'),
    /** An update the player has already found (`CheckForUpdate` with CachedOnly answers it). */
    update: z
      .object({ version: z.string().regex(/^\d+\.\d+-\d+$/) })
      .strict()
      .optional(),
  })
  .strict();

export type SonosSettings = z.infer<typeof sonosSettings>;
