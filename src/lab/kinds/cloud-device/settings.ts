import { z } from 'zod';

/**
 * Devices that only talk to their vendor's cloud: a smart speaker with nothing local but one HTTPS port, and a
 * TV with Cast built in (HTTP 8008, the TLS Cast channel on 8009, HTTPS 8443, mDNS `_googlecast._tcp`).
 */
export const cloudDeviceSettings = z
  .object({
    profile: z.enum(['speaker', 'tv']).default('speaker'),
    model: z.string().optional(),
    firmware: z.string().optional(),
    /** These devices cannot be taken off their cloud; the setting exists so scenarios read alike. */
    cloud: z.boolean().default(true),
    /** Overrides the profile's TCP ports. */
    ports: z.array(z.number().int().min(1).max(65535)).min(1).optional(),
  })
  .strict();

export type CloudDeviceSettings = z.infer<typeof cloudDeviceSettings>;

export const PROFILE_DEFAULTS = {
  speaker: { model: 'Smart Speaker', firmware: '1.56.500000', ports: [8443] },
  tv: { model: 'Chromecast', firmware: '1.56.500000', ports: [8008, 8009, 8443] },
} as const;
