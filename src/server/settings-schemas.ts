/**
 * The Settings API's answers as zod schemas (OpenAPI is generated from them). Every secret appears only by
 * reference: an environment variable's name and whether it is set, never a value, length or prefix.
 */
import { z } from '@hono/zod-openapi';

const editHint = z
  .object({
    file: z.string().nullable().openapi({ description: 'The config file to edit; null when none exists yet' }),
    keys: z.array(z.string()).openapi({ description: 'The keys of that file this section comes from' }),
  })
  .openapi('SettingsEditHint');

const sourced = <T extends z.ZodType>(value: T) =>
  z.object({ value, source: z.enum(['config', 'built-in']).openapi({ description: 'iotwarden.yaml or a default' }) });

export const secretRefSchema = z
  .object({
    field: z.string(),
    source: z.enum(['env', 'config-file']),
    env: z.string().nullable().openapi({ description: 'The environment variable NAME (never its value)' }),
    set: z.boolean().openapi({ description: "Whether it is set in serve's environment now" }),
  })
  .openapi('SecretRef');

const window = z.object({ start: z.string(), end: z.string() });

const networks = z.object({
  ranges: z.array(z.string()),
  ports: z.string(),
  credentialChecks: z.boolean(),
  dhcpLeases: z.array(z.string()),
  scanSchedule: z.string(),
  edit: editHint,
});

const credentials = z.object({
  entries: z.array(
    z.object({
      index: z.number().int(),
      appliesTo: z.object({ by: z.enum(['family', 'address', 'mac', 'deviceId']), value: z.string() }),
      trustOnFirstUse: z.boolean(),
      hasUsername: z.boolean(),
      secrets: z.array(secretRefSchema),
    }),
  ),
  services: z.array(z.object({ key: z.string(), what: z.string(), secret: secretRefSchema })),
  secretsFile: z
    .object({
      file: z.string(),
      exists: z.boolean(),
      devices: z.array(
        z.object({ deviceId: z.string(), address: z.string(), family: z.string().nullable(), set: z.boolean() }),
      ),
      problem: z.string().nullable(),
    })
    .nullable()
    .openapi({ description: 'Device passwords `fix apply` generated: the device ids only' }),
  edit: editHint,
});

const firmware = z.object({
  configured: z.boolean(),
  timeZone: z.object({ value: z.string(), source: z.enum(['config', 'system']) }),
  default: z.object({
    mode: sourced(z.enum(['auto', 'notify', 'hold'])),
    window: sourced(window),
    canaryCount: sourced(z.number().int()),
    soakMs: sourced(z.number()),
    acceptBreakages: z.array(z.string()),
  }),
  rules: z.array(
    z.object({
      level: z.enum(['vendor', 'model', 'device']),
      key: z.string(),
      mode: z.enum(['auto', 'notify', 'hold']).nullable(),
      reason: z.string().nullable(),
      until: z.string().nullable(),
      window: window.nullable(),
      canaryCount: z.number().int().nullable(),
      soakMs: z.number().nullable(),
      acceptBreakages: z.array(z.string()),
    }),
  ),
  holds: z.object({ inConfig: z.number().int(), setFromCliOrDashboard: z.number().int() }),
  edit: editHint,
});

const notifications = z.object({
  timeZone: z.object({ value: z.string(), source: z.enum(['notifications', 'firmware', 'system']) }),
  targets: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['webhook', 'ntfy']),
      url: z.string().openapi({ description: 'Scheme, host and port only: paths, topics and queries can be secrets' }),
      urlRedacted: z.boolean(),
      secret: z
        .object({ role: z.enum(['signing secret', 'access token']), env: z.string(), set: z.boolean() })
        .nullable(),
      minSeverity: z.string(),
      quietHours: z.object({ start: z.string(), end: z.string(), critical: z.boolean() }).nullable(),
      failures: z.array(
        z.object({
          eventKey: z.string(),
          title: z.string(),
          kind: z.string(),
          severity: z.string(),
          attempts: z.number().int(),
          lastError: z.string().nullable(),
          updatedMs: z.number(),
        }),
      ),
      retrying: z.number().int(),
    }),
  ),
  edit: editHint,
});

export const settingsSchema = z
  .object({ configFile: z.string().nullable(), networks, credentials, firmware, notifications })
  .openapi('Settings');

export const testNotificationSchema = z
  .object({
    target: z.string(),
    delivered: z.boolean(),
    error: z.string().nullable().openapi({ description: 'Why it was not delivered' }),
    sentAtMs: z.number(),
    durationMs: z.number(),
  })
  .openapi('TestNotificationResult');
