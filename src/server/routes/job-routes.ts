/** Scan now, the jobs of the always-on process, the lab's port maps and notification deliveries. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { labStatus } from '../../app/serve/lab-status.ts';
import { IotwardenError } from '../../errors/index.ts';
import type { JobRecord } from '../../store/serve-types.ts';
import { apiRoute } from '../openapi.ts';
import { deliverySchema, jobSchema, jobStartedSchema, passthrough } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

export function registerJobRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/scan',
      summary: 'Scan the configured networks now; progress over /api/events',
      tags: ['jobs'],
      data: jobStartedSchema,
      status: 202,
    }),
    async (c) => {
      const job = await c.var.deps.alwaysOn.runNow('scan');
      return c.json({ status: 'ok' as const, data: { jobId: job.id, existing: job.existing } }, 202);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/jobs',
      summary: 'Recent jobs, newest first (scans, imports, checks, installs)',
      tags: ['jobs'],
      request: {
        query: z.object({
          kind: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
      data: z.object({ active: z.array(z.object({ id: z.string(), kind: z.string() })), jobs: z.array(jobSchema) }),
    }),
    async (c) => {
      const { alwaysOn } = c.var.deps;
      const jobs = await alwaysOn.store.jobs(c.req.valid('query'));
      return c.json(
        { status: 'ok' as const, data: { active: alwaysOn.runner.active(), jobs: jobs.map(jobJson) } },
        200,
      );
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/jobs/{id}',
      summary: 'One job',
      tags: ['jobs'],
      request: { params: z.object({ id: z.string().max(64) }) },
      data: jobSchema,
    }),
    async (c) => {
      const job = await c.var.deps.alwaysOn.runner.job(c.req.valid('param').id);
      if (!job) throw new IotwardenError('ERR_NO_JOB', 'no job with that id', { kind: 'usage' });
      return c.json({ status: 'ok' as const, data: jobJson(job) }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/schedule',
      summary: 'When each scheduled job runs next',
      tags: ['jobs'],
      data: z.array(z.object({ name: z.string(), next: z.string().nullable() })),
    }),
    (c) => {
      const runs = c.var.deps.alwaysOn.scheduler
        .nextRuns()
        .map((r) => ({ name: r.name, next: r.at?.toISOString() ?? null }));
      return c.json({ status: 'ok' as const, data: runs }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/lab',
      summary: "Running labs and their devices' port maps (start one with iotwarden lab)",
      tags: ['lab'],
      data: z.object({ running: z.boolean(), labs: z.array(passthrough('PortMapFile')) }),
    }),
    (c) => {
      const status = labStatus();
      return c.json(
        {
          status: 'ok' as const,
          data: { running: status.running, labs: status.labs as unknown as Record<string, unknown>[] },
        },
        200,
      );
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/notifications/deliveries',
      summary: 'Notification deliveries, newest first (failed ones say why)',
      tags: ['notifications'],
      request: {
        query: z.object({
          state: z.enum(['pending', 'sent', 'failed', 'skipped']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      data: z.array(deliverySchema),
    }),
    async (c) => {
      const deliveries = await c.var.deps.alwaysOn.store.deliveries(c.req.valid('query'));
      return c.json({ status: 'ok' as const, data: deliveries }, 200);
    },
  );
}

function jobJson(job: JobRecord) {
  return { ...job, result: (job.result ?? null) as Record<string, unknown> | null };
}
