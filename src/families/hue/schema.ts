import { z } from 'zod';

/**
 * The Hue v1 answers iotwarden reads. Bridges and the many Hue emulators (diyHue, deCONZ, Tasmota's emulation)
 * add fields, so unknown keys pass through; `bridgeid` and `modelid` are what make an answer a bridge's.
 */
export const huePublicConfigSchema = z.looseObject({
  name: z.string().optional(),
  swversion: z.string().optional(),
  apiversion: z.string().optional(),
  mac: z.string().optional(),
  bridgeid: z.string().min(1),
  modelid: z.string().min(1),
  datastoreversion: z.string().optional(),
  factorynew: z.boolean().optional(),
  replacesbridgeid: z.string().nullable().optional(),
  starterkitid: z.string().optional(),
});

export type HuePublicConfig = z.infer<typeof huePublicConfigSchema>;

/** `swupdate2` of GET /api/<key>/config (present only for a whitelisted key). */
export const hueSwupdate2Schema = z.looseObject({
  checkforupdate: z.boolean().optional(),
  lastchange: z.string().optional(),
  state: z.string(),
  bridge: z.looseObject({ state: z.string(), lastinstall: z.string().optional() }),
  autoinstall: z.looseObject({ on: z.boolean(), updatetime: z.string().optional() }),
});

export type HueSwupdate2 = z.infer<typeof hueSwupdate2Schema>;

/** A v1 error item: `[{"error":{"type":1,"address":"/","description":"unauthorized user"}}]`. */
export const hueV1ErrorListSchema = z.array(
  z.object({ error: z.looseObject({ type: z.number(), address: z.string(), description: z.string() }) }),
);

/** v1 error type 1: the key in the path is not on the bridge's whitelist. */
export const HUE_UNAUTHORIZED_USER = 1;
