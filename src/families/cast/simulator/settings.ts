import { z } from 'zod';

/**
 * Scenario settings of a simulated Cast receiver. `{}` is a Chromecast on 1.56 (the shape of the home-assistant/core
 * #69747 capture in fixtures/cast: flat `eureka_info`, version 12, stable channel). `eurekaInfo: 'token'` is newer
 * firmware whose setup API answers 403 without the `cast-local-authorization-token`.
 */
export const castSettings = z
  .object({
    /** mDNS `md` (and `device_info.model_name` when nested): `Chromecast`, `Google Home Mini`, `Google Nest Hub`. */
    model: z.string().min(1).default('Chromecast'),
    /** `cast_build_revision`. */
    firmware: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/)
      .default('1.56.500000'),
    releaseTrack: z.string().min(1).default('stable-channel'),
    /** Whether Google has something newer for it (flat `has_update`). */
    hasUpdate: z.boolean().default(false),
    eurekaInfo: z.enum(['open', 'token']).default('open'),
    /** HTTPS 8443, which newer firmware opens for the setup API. */
    https: z.boolean().default(true),
  })
  .strict();

export type CastSettings = z.infer<typeof castSettings>;
