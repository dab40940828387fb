/**
 * Settings (issue 11): a read-only view of iotwarden.yaml's networks, credentials by reference, firmware policy and
 * notification targets, and "send a test notification" to one target. Thin routes over src/app/settings and
 * src/app/notify; the access middleware gives the test action the same rules as every change (a read-write token,
 * or a session with Origin and CSRF token).
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { sendTestNotification } from '../../app/notify/test-notification.ts';
import { readSettings } from '../../app/settings/read-settings.ts';
import { apiRoute } from '../openapi.ts';
import type { ServerEnv } from '../server-env.ts';
import { settingsSchema, testNotificationSchema } from '../settings-schemas.ts';

export function registerSettingsRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    apiRoute({
      method: 'get',
      path: '/api/settings',
      summary: 'What iotwarden.yaml configures (secrets by reference only), and where to edit each section',
      tags: ['settings'],
      data: settingsSchema,
    }),
    async (c) => {
      const { loadConfig, env, db, inventory, alwaysOn } = c.var.deps;
      const data = await readSettings({
        loaded: loadConfig(),
        env,
        dbFile: db,
        inventory,
        serveStore: alwaysOn.store,
      });
      return c.json({ status: 'ok' as const, data }, 200);
    },
  );

  app.openapi(
    apiRoute({
      method: 'post',
      path: '/api/settings/notifications/{target}/test',
      summary: 'Send a test notification to one configured target now, and say whether it was delivered',
      tags: ['settings', 'notifications'],
      request: { params: z.object({ target: z.string().min(1).max(40) }) },
      data: testNotificationSchema,
    }),
    async (c) => {
      const { loadConfig, env, clock } = c.var.deps;
      const result = await sendTestNotification(c.req.valid('param').target, {
        config: loadConfig().config,
        env,
        clock,
      });
      return c.json({ status: 'ok' as const, data: result }, 200);
    },
  );
}
