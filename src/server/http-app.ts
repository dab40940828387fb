/**
 * The HTTP app of `iotwarden serve`: security headers on everything, the Host check, authentication and CSRF in
 * front of every route, then the routes. Errors leave through one boundary (api-error.ts).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { authenticate, hostCheck } from './access.ts';
import { errorBody, errorResponse } from './api-error.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerDnsDiffRoutes } from './routes/dns-diff-routes.ts';
import { registerEventRoutes } from './routes/event-routes.ts';
import { registerFirmwareRoutes } from './routes/firmware-routes.ts';
import { registerInventoryRoutes } from './routes/inventory-routes.ts';
import { registerJobRoutes } from './routes/job-routes.ts';
import { registerRiskRoutes } from './routes/risk-routes.ts';
import { registerSettingsRoutes } from './routes/settings-routes.ts';
import { registerZeroTrustRoutes } from './routes/zero-trust-routes.ts';
import { securityHeaders } from './security-headers.ts';
import type { ServerDeps, ServerEnv } from './server-env.ts';
import { registerStaticRoutes } from './static-files.ts';

/** Request bodies are small forms; anything larger is refused before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;

export function buildHttpApp(deps: ServerDeps): OpenAPIHono<ServerEnv> {
  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const issue = result.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return c.json(errorBody('ERR_VALIDATION', `${where}${issue?.message ?? 'invalid input'}`), 400);
    },
  });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', securityHeaders());
  app.use('*', hostCheck());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(errorBody('ERR_BODY_TOO_LARGE', `request bodies are at most ${MAX_BODY_BYTES} bytes`), 413),
    }),
  );
  app.use('*', authenticate());
  registerAuthRoutes(app);
  registerInventoryRoutes(app);
  registerFirmwareRoutes(app);
  registerDnsDiffRoutes(app);
  registerRiskRoutes(app);
  registerZeroTrustRoutes(app);
  registerSettingsRoutes(app);
  registerJobRoutes(app);
  registerEventRoutes(app);
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: deps.secure ? '__Host-iw_session' : 'iw_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    security: [{ session: [] }, { token: [] }],
    info: {
      title: 'iotwarden',
      version: '0.1.0',
      description:
        "The API of iotwarden serve. Every route but /api/health, /api/login and /api/setup needs a session cookie (changes also need X-CSRF-Token and the server's Origin) or an API token (Authorization: Bearer).",
    },
  });
  registerStaticRoutes(app);
  app.notFound((c) => c.json(errorBody('ERR_NOT_FOUND', 'no such route'), 404));
  app.onError((error, c) => errorResponse(c, error, deps.log));
  return app;
}
