import { z } from 'zod';

/**
 * What iotwarden relies on in the untrusted answers of Shelly devices. Loose objects: devices add keys with every
 * firmware, and unknown keys are kept for the config dump.
 */

/** Gen1 `GET /shelly` (gen1_* captures): no `gen` key. */
export const gen1ShellyInfo = z.looseObject({
  type: z.string().min(1),
  mac: z.string().regex(/^[0-9A-Fa-f]{12}$/),
  auth: z.boolean(),
  fw: z.string().min(1),
  name: z.string().nullish(),
});
export type Gen1ShellyInfo = z.infer<typeof gen1ShellyInfo>;

/** Gen2+ `GET /shelly` = Shelly.GetDeviceInfo (gen2_* and rpc/* captures). */
export const gen2ShellyInfo = z.looseObject({
  id: z.string().min(1),
  mac: z.string().regex(/^[0-9A-Fa-f]{12}$/),
  model: z.string().min(1),
  gen: z.number().int().min(2),
  ver: z.string().min(1),
  fw_id: z.string().min(1),
  app: z.string().optional(),
  name: z.string().nullish(),
  auth_en: z.boolean(),
  auth_domain: z.string().nullish(),
});
export type Gen2ShellyInfo = z.infer<typeof gen2ShellyInfo>;

/** The parts of Gen1 /settings the adapter reads. */
export const gen1Settings = z.looseObject({
  name: z.string().nullish(),
  device: z.looseObject({ hostname: z.string().optional() }).optional(),
  hwinfo: z.looseObject({ hw_revision: z.string().optional() }).optional(),
  login: z.looseObject({ enabled: z.boolean().optional(), password: z.string().optional() }).optional(),
  cloud: z.looseObject({ enabled: z.boolean() }).optional(),
  debug_enable: z.boolean().optional(),
});

/** Gen1 /status `update` (fixtures README: `{status, has_update, new_version, old_version, beta_version}`). */
export const gen1Status = z.looseObject({
  update: z
    .looseObject({
      has_update: z.boolean().optional(),
      new_version: z.string().optional(),
      status: z.string().optional(),
    })
    .optional(),
});

/** The parts of Shelly.GetConfig the adapter reads. */
export const gen2Config = z.looseObject({
  cloud: z.looseObject({ enable: z.boolean() }).optional(),
  sys: z
    .looseObject({
      device: z.looseObject({ name: z.string().nullish() }).optional(),
      debug: z
        .looseObject({
          websocket: z.looseObject({ enable: z.boolean() }).optional(),
          mqtt: z.looseObject({ enable: z.boolean() }).optional(),
          udp: z.looseObject({ addr: z.string().nullish() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Shelly.CheckForUpdate: `{}` or `{stable: {version, build_id}}`. */
export const gen2UpdateCheck = z.looseObject({
  stable: z.looseObject({ version: z.string(), build_id: z.string().optional() }).optional(),
});

/** The build date in a firmware id (`20230913-113804/…` → `2023-09-13`). */
export function buildDateOf(fwId: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-\d{6}\//.exec(fwId);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
