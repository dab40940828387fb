/**
 * `iotwarden serve` as one object: the always-on process (scheduler, jobs, notifications) plus the HTTP server,
 * started together and stopped together. Stopping closes the listener first, ends live streams, gives running jobs
 * a deadline to finish (after it they are recorded as interrupted), then closes the database.
 */
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { AuthService, type AuthTimings } from '../app/auth/auth-service.ts';
import { startHomeAssistantBridge } from '../app/home-assistant/start-bridge.ts';
import { DeviceRowCache } from '../app/inventory/device-rows.ts';
import { type AlwaysOn, type AlwaysOnOptions, startAlwaysOn } from '../app/serve/always-on.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { IotwardenError } from '../errors/index.ts';
import { livePortResolver } from '../net/port-overrides.ts';
import { openStore } from '../store/index.ts';
import { allowedOrigins } from './allowed-origins.ts';
import { buildHttpApp } from './http-app.ts';
import { type ListenAddress, type ListenFlags, planTransport } from './listen-plan.ts';
import { defaultStaticDir } from './static-files.ts';
import { readTlsFiles, selfSignedBeside, type TlsMaterial } from './tls-material.ts';

export interface ServeOptions extends Omit<AlwaysOnOptions, 'config'> {
  loadConfig: () => LoadedConfig;
  listen: ListenAddress;
  tls: ListenFlags;
  /** Extra origins (--origin) the dashboard is reached as. */
  origins: readonly string[];
  staticDir?: string | undefined;
  authTimings?: Partial<AuthTimings>;
  /** Lines for the owner (listening address, setup link, warnings); logs go to the logger. */
  say: (line: string) => void;
}

export interface RunningServe {
  /** `http://127.0.0.1:8642` (the bound port, when 0 was asked). */
  url: string;
  port: number;
  alwaysOn: AlwaysOn;
  tls: TlsMaterial | undefined;
  /** Every route of the HTTP app, as hono lists them (method, path), middleware excluded. */
  routes: Array<{ method: string; path: string }>;
  stop(deadlineMs: number): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const plan = planTransport(options.listen, options.tls);
  const tls =
    plan.kind === 'http'
      ? undefined
      : plan.source === 'given'
        ? readTlsFiles(plan.certFile, plan.keyFile)
        : selfSignedBeside(options.db, options.listen.host);
  if (plan.kind === 'http' && plan.warning) options.say(plan.warning);
  const config = () => options.loadConfig().config;
  // One Store, one connection for the process (issue 9): the routes and the always-on jobs' tables share it.
  const inventory = await openStore(options.db);
  const alwaysOn = await startAlwaysOn({ ...options, config, store: inventory }).catch(async (error: unknown) => {
    await inventory.close();
    throw error;
  });
  const closing = new AbortController();
  const scheme = tls ? 'https' : 'http';
  const auth = new AuthService(alwaysOn.store, options.clock, options.authTimings);
  const deps = {
    auth,
    alwaysOn,
    inventory,
    deviceRows: new DeviceRowCache(),
    loadConfig: options.loadConfig,
    env: options.env,
    db: options.db,
    clock: options.clock,
    log: options.log,
    allowedOrigins: new Set<string>(),
    secure: tls !== undefined,
    staticDir: options.staticDir ?? defaultStaticDir(),
    closing: closing.signal,
  };
  const app = buildHttpApp(deps);
  const server = (
    tls
      ? createAdaptorServer({
          fetch: app.fetch,
          createServer: createHttpsServer,
          serverOptions: { cert: tls.cert, key: tls.key },
        })
      : createAdaptorServer({ fetch: app.fetch })
  ) as Server;
  try {
    await listen(server, options.listen);
  } catch (error) {
    await alwaysOn.stop(0);
    await inventory.close();
    throw error;
  }
  // Home Assistant by MQTT discovery, when homeAssistant.mqtt is configured (the same bridge as `ha publish`).
  const bridge = await startHomeAssistantBridge({
    store: inventory,
    config: options.loadConfig(),
    env: options.env,
    clock: options.clock,
    connectPort: livePortResolver,
    log: options.log,
    signal: closing.signal,
    version: '0.1.0',
  }).catch(async (error: unknown) => {
    server.close();
    await alwaysOn.stop(0);
    await inventory.close();
    throw error;
  });
  if (bridge) {
    await bridge.refresh();
    options.say('Publishing the inventory to Home Assistant by MQTT discovery.');
  }
  const port = (server.address() as AddressInfo).port;
  const bound = { host: options.listen.host, port };
  deps.allowedOrigins = allowedOrigins(bound, scheme, options.origins);
  const hostPart = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  const url = `${scheme}://${hostPart === '0.0.0.0' || hostPart === '[::]' ? '127.0.0.1' : hostPart}:${port}`;
  options.say(`iotwarden serve: listening on ${scheme}://${hostPart}:${port}`);
  if (tls)
    options.say(
      `TLS certificate ${tls.certFile}${tls.generated ? ' (generated, self-signed)' : ''}, SHA-256 fingerprint ${tls.fingerprint256}`,
    );
  const setup = await auth.issueSetupToken();
  if (setup) {
    options.say(
      `No owner account yet. Open this link once to create it (valid until ${new Date(setup.expiresMs).toISOString()}):`,
    );
    options.say(`  ${url}/setup?token=${setup.token}`);
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    alwaysOn,
    tls,
    routes: routeList(app),
    stop(deadlineMs) {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        closing.abort();
        server.closeIdleConnections();
        await bridge?.stop();
        await alwaysOn.stop(deadlineMs);
        // Requests still open after the jobs are settled (a slow client) are cut.
        server.closeAllConnections();
        await closed;
        await inventory.close();
      })();
      return stopping;
    },
  };
}

function listen(server: Server, address: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
      const why =
        error.code === 'EADDRINUSE'
          ? 'the port is in use (is iotwarden serve already running?)'
          : error.code === 'EADDRNOTAVAIL'
            ? 'no interface of this machine has that address'
            : error.code === 'EACCES'
              ? 'ports below 1024 need privileges'
              : (error.code ?? error.message);
      reject(new IotwardenError('ERR_LISTEN', `cannot listen on ${where}: ${why}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(address.port, address.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** hono's route list holds middleware too (method ALL); the routes are what answers a request. */
function routeList(app: ReturnType<typeof buildHttpApp>): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}
