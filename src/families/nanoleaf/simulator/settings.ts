import { z } from 'zod';

/**
 * Scenario settings of a simulated Nanoleaf controller. `{}` is a Canvas (NL29) on firmware 6.5.1, paired with one
 * app (the lab token below), its pairing window closed. A `fixture:` (a captured device-info JSON) replaces model,
 * firmware, hardware, serial, state, effects and layout with the capture's.
 */
export const nanoleafSettings = z
  .object({
    model: z.string().min(1).max(16).default('NL29'),
    firmware: z.string().min(1).max(32).default('6.5.1'),
    hwVersion: z.string().min(1).max(32).default('2.2-4'),
    serialNo: z.string().min(1).max(64).default('S19075A1234'),
    /** The auth tokens the controller already handed out (to the owner's apps). */
    tokens: z.array(z.string().min(1).max(128)).default([]),
    /** The pairing window is open (the power button was held): `POST /api/v1/new` hands out tokens. */
    pairingOpen: z.boolean().default(false),
    power: z.boolean().default(false),
  })
  .strict();

export type NanoleafSettings = z.infer<typeof nanoleafSettings>;
