import { z } from 'zod';

/**
 * Scenario settings of the Shelly kinds. Every field is optional: without one, the device replays its fixture
 * (or the built-in profile of its model). Strict, so a typo in a scenario is an error.
 */

/**
 * How an update ends: `ok`; `fail-midway` (back on the old firmware); `never-returns`; `control-lost` (the new
 * firmware boots and identifies, but its relay/cover/light channels no longer answer: the regression a health check
 * that reads control state must catch, issue 10).
 */
const updateOutcome = z.enum(['ok', 'fail-midway', 'never-returns', 'control-lost']);
export type UpdateOutcome = z.infer<typeof updateOutcome>;

const update = z
  .object({
    /** The version the device is offered and installs (a full id or the short form). */
    version: z.string().min(1),
    durationMs: z.number().int().min(0).max(3_600_000).default(3000),
    outcome: updateOutcome.default('ok'),
  })
  .strict();
export type UpdateSettings = z.infer<typeof update>;

const overrides = z.record(z.string(), z.unknown());

export const shellyGen1Settings = z
  .object({
    /** Gen1 `type`: SHSW-1, SHSW-PM, SHSW-25, SHPLG-S, SHDM-2 (default SHSW-1 without a fixture). */
    model: z.string().min(1).optional(),
    /** Shelly 2.5 (SHSW-25) only: two relays (`relay`, default) or one roller shutter (`roller`). */
    mode: z.enum(['relay', 'roller']).optional(),
    firmware: z.string().min(1).optional(),
    /** `settings.hwinfo.hw_revision`, e.g. `prod-2020-04-09`. */
    hwVersion: z.string().min(1).optional(),
    /** Restricted login (HTTP Basic). */
    auth: z
      .object({
        enabled: z.boolean(),
        username: z.string().min(1).optional(),
        password: z.string().optional(),
      })
      .strict()
      .optional(),
    /** `settings.cloud.enabled`; built-in profiles start with the cloud off, captures keep theirs. */
    cloud: z.boolean().optional(),
    update: update.optional(),
    /** `settings.debug_enable`. */
    debug: z.boolean().optional(),
    /** Deep-merged into /settings. */
    overrides: overrides.optional(),
  })
  .strict();
export type ShellyGen1Settings = z.infer<typeof shellyGen1Settings>;

export const shellyGen2Settings = z
  .object({
    /**
     * Gen2+ `model`: SNSW-001P16EU, SNSW-102P16EU, SNPL-00112EU, SPSW-004PE16EU, S3SW-001X16EU, S3DM-0A101WWL
     * (default Plus 1PM).
     */
    model: z.string().min(1).optional(),
    /** Plus 2PM (SNSW-102P16EU) only: two switches (`switch`, default) or one cover (`cover`). */
    profile: z.enum(['switch', 'cover']).optional(),
    firmware: z.string().min(1).optional(),
    /** Digest auth; the user is always `admin` (Shelly Gen2 API docs, Authentication). */
    auth: z
      .object({
        enabled: z.boolean(),
        username: z.literal('admin', { error: () => 'Gen2+ Shellys only know the user "admin"' }).optional(),
        password: z.string().optional(),
      })
      .strict()
      .optional(),
    /** `cloud.enable`; built-in profiles start with the cloud off, captures keep theirs. */
    cloud: z.boolean().optional(),
    update: update.optional(),
    /** `sys.debug.websocket.enable`. */
    debug: z.boolean().optional(),
    /** Deep-merged into Shelly.GetConfig. */
    overrides: overrides.optional(),
  })
  .strict();
export type ShellyGen2Settings = z.infer<typeof shellyGen2Settings>;
