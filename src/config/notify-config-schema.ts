/**
 * The `notifications:` section of iotwarden.yaml: where to tell the owner when something matters. Only the targets
 * named here are ever contacted. Secrets come from the environment by variable name, never from the file.
 *
 * ```yaml
 * notifications:
 *   timeZone: Europe/London              # for quiet hours; the firmware time zone or the system's by default
 *   targets:
 *     - name: phone
 *       kind: ntfy
 *       url: https://ntfy.sh/my-secret-topic
 *       tokenEnv: NTFY_TOKEN             # optional access token (Authorization: Bearer)
 *       minSeverity: high                # only high and critical events
 *       quietHours: { start: "22:00", end: "07:00", critical: true }   # critical still gets through
 *     - name: home-automation
 *       kind: webhook
 *       url: http://127.0.0.1:8123/api/webhook/iotwarden
 *       secretEnv: IOTWARDEN_WEBHOOK_SECRET   # HMAC-SHA256 key of X-Iotwarden-Signature
 * ```
 */
import { z } from 'zod';
import { SEVERITIES } from '../checks/finding.ts';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour local time)');
const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//i.test(url), 'only http:// and https:// URLs');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable');

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'lower-case letters, digits, . _ - (up to 40)'),
  url: httpUrl,
  minSeverity: z.enum(SEVERITIES).default('high'),
  quietHours: z
    .object({ start: clockTime, end: clockTime, critical: z.boolean().default(true) })
    .strict()
    .optional(),
};

export const notifyTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('webhook'), ...common, secretEnv: envName }).strict(),
  z.object({ kind: z.literal('ntfy'), ...common, tokenEnv: envName.optional() }).strict(),
]);

export const notifyConfigSchema = z
  .object({
    timeZone: z.string().min(1).optional(),
    targets: z.array(notifyTargetSchema).default([]),
  })
  .strict()
  .refine(
    (c) => new Set(c.targets.map((t) => t.name)).size === c.targets.length,
    'target names must be unique (deliveries are recorded per name)',
  );

export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
export type NotifyTarget = z.infer<typeof notifyTargetSchema>;
