/**
 * The shapes the API answers with. Device-supplied strings (names, models, banners, evidence) are returned exactly
 * as the devices sent them: JSON keeps them inert, and the dashboard escapes them when it shows them.
 */
import { z } from '@hono/zod-openapi';
import { DEVICE_SORTS } from '../app/inventory/device-rows.ts';
import { SEVERITIES } from '../checks/finding.ts';

export const severitySchema = z.enum(SEVERITIES);
const counts = z.object(
  Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>,
);

/** A nested structure documented by its use case (src/app/…), passed through as it is. */
const passthrough = (description: string) => z.record(z.string(), z.unknown()).openapi({ description });

export const deviceRowSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    family: z.string().nullable(),
    address: z.string(),
    mac: z.string().nullable(),
    vendor: z.string().nullable(),
    model: z.string().nullable(),
    firmware: z.object({ installed: z.string().nullable(), latest: z.string().nullable() }),
    score: z.number(),
    findingCounts: counts,
    worstSeverity: severitySchema.nullable(),
    firstSeenMs: z.number(),
    lastSeenMs: z.number(),
    area: z.string().nullable().openapi({ description: "Home Assistant's area (the room); untrusted" }),
    floor: z.string().nullable(),
  })
  .openapi('DeviceRow');

export const devicePageSchema = z
  .object({
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    rows: z.array(deviceRowSchema),
  })
  .openapi('DevicePage');

export const deviceQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  sort: z.enum(DEVICE_SORTS).default('score'),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().max(200).optional(),
  family: z.string().max(64).optional(),
  severity: severitySchema.optional(),
});

export const findingSchema = z
  .object({
    checkId: z.string(),
    severity: severitySchema,
    title: z.string(),
    subject: z.string().optional(),
    detail: z.string(),
    evidence: z.array(z.object({ sent: z.string(), received: z.string() })),
    remediation: z.array(z.string()),
    references: z.array(z.string()),
  })
  .openapi('Finding');

export const deviceDetailSchema = z
  .object({
    device: deviceRowSchema,
    facts: passthrough('The latest HostFacts of the device (identity, services, settings), as scanned.'),
    findings: z.array(findingSchema),
    skipped: z.array(z.object({ checkId: z.string(), reason: z.string() })),
    addressHistory: z.array(z.object({ address: z.string(), firstSeenMs: z.number(), lastSeenMs: z.number() })),
    history: z.array(
      z.object({
        scanId: z.number(),
        address: z.string(),
        observedMs: z.number(),
        score: z.number(),
        sources: z.array(z.string()),
      }),
    ),
  })
  .openapi('DeviceDetail');

export const findingRowSchema = z
  .object({
    deviceId: z.string(),
    device: z.string().nullable(),
    address: z.string(),
    scanId: z.number(),
    finding: findingSchema,
  })
  .openapi('FindingRow');

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    trigger: z.enum(['schedule', 'request']),
    state: z.enum(['queued', 'running', 'done', 'failed', 'interrupted']),
    queuedMs: z.number(),
    startedMs: z.number().nullable(),
    finishedMs: z.number().nullable(),
    summary: z.string().nullable(),
    errorCode: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'what the job produced, by kind' }),
  })
  .openapi('Job');

export const jobStartedSchema = z
  .object({
    jobId: z.string(),
    existing: z.boolean().openapi({ description: 'a job of this kind was already queued or running' }),
  })
  .openapi('JobStarted');

export const tokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    scope: z.enum(['read', 'write']),
    createdMs: z.number(),
    lastUsedMs: z.number().nullable(),
    revokedMs: z.number().nullable(),
  })
  .openapi('ApiToken');

export const sessionSchema = z
  .object({
    kind: z.enum(['session', 'token']),
    username: z.string().nullable(),
    canWrite: z.boolean(),
    csrfToken: z.string().nullable().openapi({ description: 'send it as X-CSRF-Token with every change' }),
  })
  .openapi('Session');

export const summarySchema = z
  .object({
    homeScore: z.number(),
    devices: z.number().int(),
    findings: counts,
    scoreHistory: z.array(z.object({ scanId: z.number(), timeMs: z.number(), score: z.number(), devices: z.number() })),
    topActions: z.array(
      z.object({
        checkId: z.string(),
        severity: severitySchema,
        text: z.string(),
        deviceIds: z.array(z.string()),
        points: z.number(),
      }),
    ),
    decisions: z.array(
      z.object({
        deviceId: z.string(),
        name: z.string(),
        kind: z.enum(['breakage', 'held-with-critical-fix']),
        targetVersion: z.string().nullable(),
        reason: z.string(),
      }),
    ),
    recentChanges: z.array(
      z.object({
        timeMs: z.number(),
        kind: z.string(),
        severity: z.string(),
        title: z.string(),
        deviceId: z.string().nullable(),
      }),
    ),
  })
  .openapi('HomeSummary');

export const deliverySchema = z
  .object({
    id: z.number(),
    eventKey: z.string(),
    target: z.string(),
    state: z.enum(['pending', 'sent', 'failed', 'skipped']),
    attempts: z.number(),
    nextAttemptMs: z.number(),
    lastError: z.string().nullable(),
    updatedMs: z.number(),
    title: z.string(),
    kind: z.string(),
    severity: z.string(),
  })
  .openapi('NotificationDelivery');

export { passthrough };
