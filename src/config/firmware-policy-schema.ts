/**
 * The `firmware:` section of iotwarden.yaml: per-device, per-model, per-vendor and default update policy.
 *
 * ```yaml
 * firmware:
 *   timeZone: Europe/London          # optional; the system's zone by default
 *   default: { mode: auto, window: { start: "03:00", end: "05:00" }, rollout: { canaryCount: 1, soak: 24h } }
 *   vendors: { TP-Link: { mode: notify } }
 *   models: { HS100(UK): { mode: hold, reason: "HA needs port 9999", until: 2026-06-01 } }
 *   devices: { tv-plug: { acceptBreakages: [kasa-hs100uk-4.1-klap] } }
 * ```
 */
import { z } from 'zod';

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `24h`, `30m`, `90s`, `2d`, `500ms`, or a number of milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS]);
}

const durationSchema = z.union([
  z.number().int().min(0),
  z.string().transform((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use e.g. 24h, 30m, 90s)` });
      return z.NEVER;
    }
    return ms;
  }),
]);

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour local time)');

/** A calendar date; YAML may hand over a plain string. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), 'not a calendar date');

export const maintenanceWindowSchema = z.object({ start: clockTime, end: clockTime }).strict();

const rolloutSchema = z
  .object({
    canaryCount: z.number().int().min(1).max(100).optional(),
    soak: durationSchema.optional(),
  })
  .strict();

export const policyRuleSchema = z
  .object({
    mode: z.enum(['auto', 'notify', 'hold']).optional(),
    reason: z.string().min(1).optional(),
    until: isoDate.optional(),
    window: maintenanceWindowSchema.optional(),
    rollout: rolloutSchema.optional(),
    acceptBreakages: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine(
    (rule) => rule.mode !== 'hold' || (rule.reason !== undefined && rule.until !== undefined),
    'a hold needs a reason and an until date (YYYY-MM-DD)',
  );

const validTimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone (e.g. Europe/Berlin)');

export const firmwarePolicyConfigSchema = z
  .object({
    timeZone: validTimeZone.optional(),
    default: policyRuleSchema.optional(),
    vendors: z.record(z.string(), policyRuleSchema).default({}),
    models: z.record(z.string(), policyRuleSchema).default({}),
    devices: z.record(z.string(), policyRuleSchema).default({}),
  })
  .strict();

export type FirmwarePolicyConfig = z.infer<typeof firmwarePolicyConfigSchema>;
export type PolicyRuleConfig = z.infer<typeof policyRuleSchema>;
