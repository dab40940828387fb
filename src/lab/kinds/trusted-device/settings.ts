import { z } from 'zod';

/**
 * The owner's own phone or laptop: ordinary ports, no device API. They are in the inventory so the report can
 * say "yours, nothing to fix" instead of flagging unknown hosts.
 */
export const trustedDeviceSettings = z
  .object({
    profile: z.enum(['laptop', 'phone']).default('laptop'),
    /** Overrides the profile's TCP ports. */
    ports: z.array(z.number().int().min(1).max(65535)).min(1).optional(),
    /** The identification string sshd sends first (RFC 4253 §4.2). */
    sshBanner: z
      .string()
      .regex(/^SSH-2\.0-[\x21-\x7e]+( [\x20-\x7e]*)?$/)
      .default('SSH-2.0-OpenSSH_9.8'),
  })
  .strict();

export type TrustedDeviceSettings = z.infer<typeof trustedDeviceSettings>;

/** A MacBook with Remote Login and file sharing on; an iPhone's lockdownd (usbmuxd over Wi-Fi sync) on 62078. */
export const TRUSTED_PROFILE_PORTS = { laptop: [22, 445], phone: [62078] } as const;
