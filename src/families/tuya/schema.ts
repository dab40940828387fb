import { z } from 'zod';

/** The protocol versions the local protocol has (3.2 is rare and treated as 3.3, tinytuya PROTOCOL.md). */
export const TUYA_VERSIONS = ['3.1', '3.2', '3.3', '3.4', '3.5'] as const;
export type TuyaVersion = (typeof TUYA_VERSIONS)[number];

/**
 * A discovery beacon (tinytuya PROTOCOL.md, "Discovery"; ../shared/fixtures/tuya/README.md): `ip`, `gwId` (the
 * device id), `active`, `ablilty` (Tuya's spelling), `encrypt`, `productKey`, `version`, and on newer devices
 * `token` and `wf_cfg`. Unknown keys pass through; the identity fields are bounded strings.
 */
export const tuyaBeaconSchema = z.looseObject({
  ip: z.string().max(64).optional(),
  gwId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[\w-]+$/),
  productKey: z.string().min(1).max(64).optional(),
  version: z.enum(TUYA_VERSIONS),
  encrypt: z.boolean().optional(),
  active: z.number().optional(),
});

export type TuyaBeacon = z.infer<typeof tuyaBeaconSchema>;

/** A status answer: `{"devId": …, "dps": {"1": true, …}}` (3.4 wraps it in `data`). */
export const tuyaStatusSchema = z.looseObject({
  dps: z.record(z.string().max(8), z.union([z.boolean(), z.number(), z.string().max(1024), z.null()])),
});

export type TuyaStatus = z.infer<typeof tuyaStatusSchema>;
