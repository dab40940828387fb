import { z } from 'zod';
import { IOT_UPDATE_OUTCOMES } from './update.ts';

/**
 * Scenario settings of `kasa-iot`. All optional: `{}` is a stock HS103(US) that is not bound to the cloud.
 * `auth` only matters once the device speaks KLAP (after a `switch-to-klap` update, or with a KLAP-era fixture):
 * the legacy protocol on 9999 has no authentication at all.
 */
export const kasaLegacySettings = z
  .object({
    /** Built-in profile when there is no fixture: HS100(US), HS100(UK), HS103(US), HS110(EU), HS110(US), KP115(EU). */
    model: z.string().min(1).optional(),
    /** Installed firmware, written to `sw_ver`, e.g. `1.2.5 Build 171213 Rel.101523`. */
    firmware: z.string().min(1).optional(),
    /** Hardware version, written to `hw_ver`. */
    hwVersion: z.string().min(1).optional(),
    /** What the appliance on the plug draws when it is on, in watts; the energy meter counts it (default 60). */
    load: z.number().min(0).max(3680).optional(),
    /** Bound to the TP-Link cloud (`cnCloud.get_info.binded`); unset keeps the fixture's value, else unbound. */
    cloud: z.boolean().optional(),
    /** The TP-Link account KLAP checks; blank credentials (a never-bound device) when disabled or unset. */
    auth: z
      .object({
        enabled: z.boolean().default(false),
        username: z.string().optional(),
        password: z.string().optional(),
      })
      .strict()
      .optional(),
    /** A pending firmware update, offered in `get_intl_fw_list` and installed via download_firmware + flash_firmware. */
    update: z
      .object({
        version: z.string().min(1),
        durationMs: z.number().int().min(0).default(3000),
        outcome: z.enum(IOT_UPDATE_OUTCOMES).default('ok'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type KasaLegacySettings = z.infer<typeof kasaLegacySettings>;

/** The credentials a simulated KLAP device derives its auth hash from. */
export function klapAccount(auth: KasaLegacySettings['auth']): { username: string; password: string } {
  if (!auth?.enabled || auth.username === undefined) return { username: '', password: '' };
  return { username: auth.username, password: auth.password ?? '' };
}
