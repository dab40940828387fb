/** What devices say to the internet (DNS profiles) and how their settings differ (diff), over the same use cases. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { answerDiff, type DiffQuestion } from '../../app/diff/diff-question.ts';
import { parseSince } from '../../app/diff/history-diff.ts';
import { dnsReport, dnsReportJson } from '../../app/dns/dns-report.ts';
import { apiRoute } from '../openapi.ts';
import { passthrough } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

const ref = z.string().min(1).max(200);

export function registerDnsDiffRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/dns/report',
      summary: 'Per device: destinations, how regularly, cloud dependence, privacy findings',
      tags: ['dns'],
      request: { query: z.object({ device: z.union([ref, z.array(ref).max(100)]).optional() }) },
      data: passthrough('DNS analysis (src/app/dns/dns-report.ts dnsReportJson)'),
    }),
    async (c) => {
      const { inventory, loadConfig } = c.var.deps;
      const device = c.req.valid('query').device;
      const refs = device === undefined ? [] : Array.isArray(device) ? device : [device];
      const result = await dnsReport(inventory, refs, { userDomains: loadConfig().config.dns.domains });
      return c.json({ status: 'ok' as const, data: dnsReportJson(result) as Record<string, unknown> }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/diff',
      summary: 'Configuration diff: odd settings among peers, changes since a time, or two devices',
      tags: ['diff'],
      request: {
        query: z.object({
          device: ref,
          peers: z.enum(['true', 'false']).optional(),
          since: z.string().max(40).optional().openapi({ description: '7d, 12h, 30m or a date' }),
          other: ref.optional(),
        }),
      },
      data: passthrough('DiffAnswer (src/app/diff/diff-question.ts)'),
    }),
    async (c) => {
      const { inventory, clock } = c.var.deps;
      const q = c.req.valid('query');
      const question: DiffQuestion =
        q.other !== undefined
          ? { kind: 'pair', device: q.device, other: q.other, live: undefined }
          : q.since !== undefined
            ? { kind: 'since', device: q.device, sinceMs: parseSince(q.since, clock.now()) }
            : { kind: 'peers', device: q.device };
      const answer = await answerDiff(inventory, question);
      return c.json({ status: 'ok' as const, data: answer as unknown as Record<string, unknown> }, 200);
    },
  );
}
