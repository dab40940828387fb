/** The risk register (issue 16) over the same use case as `iotwarden risk`: read-only here. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { riskRegisterJson } from '../../app/risk/risk-json.ts';
import { readRiskRegister } from '../../app/risk/risk-use-cases.ts';
import type { OwnerContext } from '../../app/risk/types.ts';
import { apiRoute } from '../openapi.ts';
import { passthrough } from '../schemas.ts';
import type { ServerEnv } from '../server-env.ts';

export function registerRiskRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/risk',
      summary: 'The risk register: every device with impact × likelihood, its reason, context and decision',
      tags: ['risk'],
      data: passthrough('The `risk --json` contract (README, "Risk"; src/app/risk/risk-json.ts)'),
    }),
    async (c) => {
      const { inventory, loadConfig, clock } = c.var.deps;
      const { config } = loadConfig();
      const configContext = new Map<string, OwnerContext>(
        config.risk.devices.map(({ device, ...context }) => [device, context as OwnerContext]),
      );
      const register = await readRiskRegister({
        store: inventory,
        nowMs: clock.now(),
        timeZone: config.firmware?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        actor: 'cli',
        configContext,
      });
      return c.json({ status: 'ok' as const, data: riskRegisterJson(register) }, 200);
    },
  );
}
