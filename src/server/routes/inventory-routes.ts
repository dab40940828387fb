/** Devices, findings, the home summary and the report: thin routes over the inventory's use cases. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireDevice } from '../../app/diff/device-diff.ts';
import { withFirmwareSession } from '../../app/firmware/firmware-session.ts';
import { toDeviceRow } from '../../app/inventory/device-rows.ts';
import { homeSummary } from '../../app/report/home-summary.ts';
import { homeModel } from '../../app/report/home-views.ts';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../app/report/render-report.ts';
import { apiRoute, errorSchema } from '../openapi.ts';
import {
  deviceDetailSchema,
  devicePageSchema,
  deviceQuerySchema,
  findingRowSchema,
  severitySchema,
  summarySchema,
} from '../schemas.ts';
import type { ServerDeps, ServerEnv } from '../server-env.ts';

const REPORT_TYPES: Record<ReportFormat, string> = { html: 'text/html', md: 'text/markdown', json: 'application/json' };

/** The whole report as a file (the same as `iotwarden report`); not JSON-wrapped, so it can be saved as it is. */
const reportRoute = createRoute({
  method: 'get',
  path: '/api/report',
  summary: 'The home report as one self-contained file (html, md or json)',
  tags: ['devices'],
  request: { query: z.object({ format: z.enum(REPORT_FORMATS).default('html') }) },
  responses: {
    200: {
      description: 'The report',
      content: {
        'text/html': { schema: z.string() },
        'text/markdown': { schema: z.string() },
        'application/json': { schema: z.record(z.string(), z.unknown()) },
      },
    },
    400: { description: 'Unknown format', content: { 'application/json': { schema: errorSchema } } },
  },
});

const deviceParam = {
  params: z.object({ device: z.string().min(1).max(200).openapi({ description: 'id, name, address or MAC' }) }),
};

export function readSession(deps: ServerDeps) {
  return {
    config: deps.loadConfig(),
    readonly: true,
    nowMs: deps.clock.now(),
    actor: 'cli' as const,
    onWarning: (m: string) => deps.log.warn(m),
  };
}

export function registerInventoryRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/devices',
      summary: 'Devices, paged, sorted and filtered',
      tags: ['devices'],
      request: { query: deviceQuerySchema },
      data: devicePageSchema,
    }),
    // The page is served as cached JSON text (304 when the client has it), which the typed c.json cannot say.
    (async (c: Context<ServerEnv>) => {
      const { inventory, deviceRows, alwaysOn } = c.var.deps;
      const query = deviceQuerySchema.parse(c.req.query());
      const { bytes, etag } = await deviceRows.page(inventory, () => alwaysOn.store.changeVersion(), query);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
      return c.body(bytes, 200, { 'content-type': 'application/json', etag });
    }) as never,
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/devices/{device}',
      summary: 'One device: facts, findings, history',
      tags: ['devices'],
      request: deviceParam,
      data: deviceDetailSchema,
    }),
    async (c) => {
      const { inventory } = c.var.deps;
      const detail = await requireDevice(inventory, c.req.valid('param').device);
      const history = (await inventory.observations(detail.deviceId)).map((o) => ({
        scanId: o.scanId,
        address: o.address,
        observedMs: o.observedMs,
        score: o.score,
        sources: o.sources,
      }));
      const data = {
        device: toDeviceRow(detail),
        facts: detail.facts as unknown as Record<string, unknown>,
        findings: detail.findings,
        skipped: detail.skipped,
        addressHistory: detail.addressHistory,
        history,
      };
      return c.json({ status: 'ok' as const, data }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/findings',
      summary: "Findings of each device's latest scan, worst first",
      tags: ['devices'],
      request: {
        query: z.object({
          severity: severitySchema.optional().openapi({ description: 'this severity or worse' }),
          device: z.string().max(200).optional(),
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
      data: z.object({ total: z.number().int(), rows: z.array(findingRowSchema) }),
    }),
    async (c) => {
      const { inventory } = c.var.deps;
      const query = c.req.valid('query');
      const deviceId = query.device === undefined ? undefined : (await requireDevice(inventory, query.device)).deviceId;
      const all = (await inventory.findings(query.severity ? { minSeverity: query.severity } : {})).filter(
        (f) => deviceId === undefined || f.deviceId === deviceId,
      );
      const rows = all.slice(query.offset, query.offset + query.limit).map((f) => ({
        deviceId: f.deviceId,
        device: f.deviceName ?? null,
        address: f.address,
        scanId: f.scanId,
        finding: f.finding,
      }));
      return c.json({ status: 'ok' as const, data: { total: all.length, rows } }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/summary',
      summary: 'The home at a glance',
      tags: ['devices'],
      data: summarySchema,
    }),
    async (c) => {
      const deps = c.var.deps;
      const data = await withFirmwareSession(deps.inventory, readSession(deps), (session) =>
        homeSummary(deps.inventory, deps.alwaysOn.store, session),
      );
      return c.json({ status: 'ok' as const, data }, 200);
    },
  );

  app.openapi(reportRoute, (async (c: Context<ServerEnv>) => {
    const format = (c.req.query('format') ?? 'html') as ReportFormat;
    const text = renderReport(await homeModel(c.var.deps.inventory), format);
    const headers = {
      'content-type': `${REPORT_TYPES[format]}; charset=utf-8`,
      'content-disposition': `inline; filename="iotwarden-report.${format}"`,
    };
    return c.body(text, 200, headers);
  }) as never);
}
