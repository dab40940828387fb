import { z } from 'zod';

/**
 * `GET :8008/setup/eureka_info` (fixtures/cast): the flat legacy object (`build_version`, `cast_build_revision`,
 * `mac_address`, `name`, `ssdp_udn`, …) or, on firmware that honours `params=`, nested `build_info` and `device_info`.
 * Untrusted: every field optional and bounded; unknown keys pass.
 */
const revision = z.string().regex(/^\d+\.\d+\.\d+$/, 'not 1.<major>.<build>');
const shortText = z.string().max(128);

export const eurekaInfoSchema = z.looseObject({
  version: z.number().int().optional(),
  name: z.string().max(256).optional(),
  build_version: shortText.optional(),
  cast_build_revision: revision.optional(),
  release_track: shortText.optional(),
  mac_address: shortText.optional(),
  ssdp_udn: shortText.optional(),
  has_update: z.boolean().optional(),
  setup_state: z.number().optional(),
  build_info: z
    .looseObject({ cast_build_revision: revision.optional(), release_track: shortText.optional() })
    .optional(),
  device_info: z
    .looseObject({
      manufacturer: shortText.optional(),
      model_name: shortText.optional(),
      product_name: shortText.optional(),
      mac_address: shortText.optional(),
      ssdp_udn: shortText.optional(),
    })
    .optional(),
  opt_in: z.looseObject({ crash: z.boolean().optional(), stats: z.boolean().optional() }).optional(),
});

export type EurekaInfo = z.infer<typeof eurekaInfoSchema>;

/** The firmware: `build_info.cast_build_revision` when nested, else the flat field. */
export function castRevision(info: EurekaInfo): string | undefined {
  return info.build_info?.cast_build_revision ?? info.cast_build_revision;
}

/** A usable MAC (the 1.34 capture's owner masked it as the text `mac_address`). */
export function castMac(info: EurekaInfo): string | undefined {
  const mac = info.device_info?.mac_address ?? info.mac_address;
  return mac && /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(mac) ? mac.toUpperCase() : undefined;
}

/** The device UUID in dashed form, the same value as the mDNS `id` (fixtures/cast README). */
export function castUdn(info: EurekaInfo): string | undefined {
  const udn = info.device_info?.ssdp_udn ?? info.ssdp_udn;
  return udn && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(udn)
    ? udn.toLowerCase()
    : undefined;
}
