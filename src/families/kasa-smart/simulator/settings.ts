import { z } from 'zod';

/**
 * Scenario settings of `kasa-smart`. All optional: `{}` is a stock Tapo P110(UK) on KLAP, never bound to an account.
 */
export const kasaSmartSettings = z
  .object({
    /** Built-in profile when there is no fixture: P110(UK), P100(US) (AES), L530E(EU), C210(EU) (camera). */
    model: z.string().min(1).optional(),
    /** Installed firmware (`fw_ver`, or the camera's `firmware_version`/`sw_version`). */
    firmware: z.string().min(1).optional(),
    hwVersion: z.string().min(1).optional(),
    /** Override the transport a non-camera device announces in discovery. */
    encryption: z.enum(['KLAP', 'AES']).optional(),
    /** The owner's TP-Link account: KLAP and AES check it, a camera uses its password. Blank when disabled or unset. */
    auth: z
      .object({
        enabled: z.boolean().default(false),
        username: z.string().optional(),
        password: z.string().optional(),
      })
      .strict()
      .optional(),
    /** What the appliance on a plug draws when it is on, in watts; the energy methods count it (default 60). */
    load: z.number().min(0).max(3680).optional(),
    /** Connected to the TP-Link cloud (`get_connect_cloud_state`, discovery `owner`); unset keeps the fixture's. */
    cloud: z.boolean().optional(),
    /** The device's own auto-update switch (`get_auto_update_info.enable`, camera auto_upgrade). */
    autoUpdate: z.boolean().optional(),
    /**
     * Newer Tapo firmware that speaks only TPAP: discovery still announces KLAP, but `/app/handshake1` answers 403 and
     * `POST /` answers TPAP's discover (tpap-responder.ts).
     */
    tpap: z.boolean().default(false),
  })
  .strict();

export type KasaSmartSettings = z.infer<typeof kasaSmartSettings>;
