/**
 * Firmware: status, the dry-run plan, holds (with reason and expiry), releases, installs and the audit log. Writes
 * go through the same use cases and guardrails as `iotwarden firmware …`; an install is a job whose steps stream
 * over /api/events.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireDevice } from '../../app/diff/device-diff.ts';
import { holdFirmware, releaseFirmware } from '../../app/firmware/firmware-holds.ts';
import { withFirmwareSession } from '../../app/firmware/firmware-session.ts';
import { catalogueSummary, firmwareLog, firmwarePlan, firmwareStatus } from '../../app/firmware/firmware-views.ts';
import { apiRoute, jsonBody } from '../openapi.ts';
import { jobStartedSchema, passthrough } from '../schemas.ts';
import type { ServerDeps, ServerEnv } from '../server-env.ts';
import { readSession } from './inventory-routes.ts';

const TAGS = ['firmware'];
const json = <T>(value: T) => value as unknown as Record<string, unknown>;
const writeSession = (deps: ServerDeps) => ({ ...readSession(deps), readonly: false });

export function registerFirmwareRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/firmware/status',
      summary: 'Every device: installed and latest firmware, and what policy decides',
      tags: TAGS,
      data: z.array(passthrough('StatusRow (src/app/firmware/firmware-views.ts)')),
    }),
    async (c) => {
      const deps = c.var.deps;
      const rows = await withFirmwareSession(deps.inventory, readSession(deps), firmwareStatus);
      return c.json({ status: 'ok' as const, data: rows.map(json) }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/firmware/plan',
      summary: 'What an install would do, in order (dry run)',
      tags: TAGS,
      request: {
        query: z.object({
          now: z.enum(['true', 'false']).default('false').openapi({ description: 'as if the window were open' }),
        }),
      },
      data: passthrough('FirmwarePlan (src/app/firmware/plan.ts)'),
    }),
    async (c) => {
      const deps = c.var.deps;
      const now = c.req.valid('query').now === 'true';
      const plan = await withFirmwareSession(deps.inventory, readSession(deps), (s) => firmwarePlan(s, { now }));
      return c.json({ status: 'ok' as const, data: json(plan) }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/firmware/holds',
      summary: 'Holds in force (from the dashboard/CLI and from iotwarden.yaml)',
      tags: TAGS,
      data: z.array(passthrough('StoredHold')),
    }),
    async (c) => {
      const deps = c.var.deps;
      const holds = await withFirmwareSession(deps.inventory, readSession(deps), (s) => s.firmware.activeHolds());
      return c.json({ status: 'ok' as const, data: holds.map(json) }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/firmware/holds',
      summary: "Hold a device's or a model's updates until a date, with a reason",
      tags: TAGS,
      request: jsonBody(
        z.object({
          target: z.string().min(1).max(200).openapi({ description: 'device id, name, address or MAC, or a model' }),
          reason: z.string().min(1).max(500),
          until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
        }),
      ),
      data: passthrough('{ target, hold }'),
      status: 201,
    }),
    async (c) => {
      const deps = c.var.deps;
      const { target, reason, until } = c.req.valid('json');
      const result = await withFirmwareSession(deps.inventory, writeSession(deps), (s) =>
        holdFirmware(s, target, { reason, until }),
      );
      return c.json({ status: 'ok' as const, data: json(result) }, 201);
    },
  );

  app.openapi(
    apiRoute({
      method: 'delete',
      path: '/api/firmware/holds/{target}',
      summary: 'Release the holds on a device or model (back to its policy)',
      tags: TAGS,
      request: { params: z.object({ target: z.string().min(1).max(200) }) },
      data: passthrough('{ target, released }'),
    }),
    async (c) => {
      const deps = c.var.deps;
      const { target } = c.req.valid('param');
      const result = await withFirmwareSession(deps.inventory, writeSession(deps), (s) => releaseFirmware(s, target));
      return c.json({ status: 'ok' as const, data: json(result) }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/firmware/apply',
      summary: 'Install within policy (canary first, health-checked); progress over /api/events',
      tags: TAGS,
      request: jsonBody(
        z.object({
          devices: z
            .array(z.string().min(1).max(200))
            .max(1000)
            .optional()
            .openapi({ description: 'only these; all when absent' }),
          now: z
            .boolean()
            .default(false)
            .openapi({ description: 'ignore the maintenance window (holds, decisions and canaries still apply)' }),
        }),
      ),
      data: jobStartedSchema,
      status: 202,
    }),
    async (c) => {
      const deps = c.var.deps;
      const { devices, now } = c.req.valid('json');
      for (const ref of devices ?? []) await requireDevice(deps.inventory, ref);
      const job = await deps.alwaysOn.applyFirmware({ deviceRefs: devices, now });
      return c.json({ status: 'ok' as const, data: { jobId: job.id, existing: job.existing } }, 202);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/firmware/log',
      summary: 'The firmware audit log, oldest first',
      tags: TAGS,
      request: {
        query: z.object({
          device: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(200),
        }),
      },
      data: z.object({ entries: z.array(passthrough('AuditEntry')), names: z.record(z.string(), z.string()) }),
    }),
    async (c) => {
      const deps = c.var.deps;
      const { device, limit } = c.req.valid('query');
      const log = await withFirmwareSession(deps.inventory, readSession(deps), (s) =>
        firmwareLog(s, { device, limit }),
      );
      return c.json(
        { status: 'ok' as const, data: { entries: log.entries.map(json), names: Object.fromEntries(log.names) } },
        200,
      );
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/firmware/catalogue',
      summary: 'The signed firmware catalogue in use',
      tags: TAGS,
      data: passthrough('CatalogueSummary'),
    }),
    async (c) => {
      const deps = c.var.deps;
      const summary = await withFirmwareSession(deps.inventory, readSession(deps), async (s) =>
        catalogueSummary(s.catalogue),
      );
      return c.json({ status: 'ok' as const, data: json(summary) }, 200);
    },
  );
}
