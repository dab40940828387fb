/** Zero trust (issue 14) on the dashboard: learned profiles, events after learning and the impact preview. Read-only. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { zeroTrustOverview } from '../../app/policy/zero-trust-overview.ts';
import { apiRoute } from '../openapi.ts';
import { passthrough } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

export function registerZeroTrustRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/zero-trust',
      summary: "Each device's learned profile, what appeared after learning, and what a policy would block",
      tags: ['zero trust'],
      request: {
        query: z.object({
          days: z.coerce.number().int().min(1).max(90).optional().openapi({ description: 'days of traffic to replay' }),
        }),
      },
      data: passthrough('ZeroTrustOverview (src/app/policy/zero-trust-overview.ts)'),
    }),
    async (c) => {
      const { inventory, loadConfig, clock } = c.var.deps;
      const { config, file } = loadConfig();
      const { days } = c.req.valid('query');
      const overview = await zeroTrustOverview(inventory, config, {
        nowMs: clock.now(),
        configFile: file,
        ...(days === undefined ? {} : { days }),
      });
      return c.json({ status: 'ok' as const, data: overview as unknown as Record<string, unknown> }, 200);
    },
  );
}
