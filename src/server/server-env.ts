/** What every route of the HTTP app can reach: the use cases' dependencies and who is asking. */
import type { AuthService, Principal } from '../app/auth/auth-service.ts';
import type { DeviceRowCache } from '../app/inventory/device-rows.ts';
import type { AlwaysOn } from '../app/serve/always-on.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { Store } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

export interface ServerDeps {
  auth: AuthService;
  alwaysOn: AlwaysOn;
  /** The inventory, open for the life of the server. */
  inventory: Store;
  deviceRows: DeviceRowCache;
  /** Read again for each request that needs it, so edits to iotwarden.yaml apply without a restart. */
  loadConfig: () => LoadedConfig;
  /** serve's environment: secrets are read from it by name (Settings shows only whether each is set). */
  env: NodeJS.ProcessEnv;
  /** The inventory database file (the secrets file of `fix apply` sits beside it). */
  db: string;
  clock: Clock;
  log: Logger;
  /** Origins a browser may send state changes from (`http://127.0.0.1:8642`); their hosts are the only valid Hosts. */
  allowedOrigins: ReadonlySet<string>;
  /** Served over TLS: cookies are Secure (and __Host- prefixed). */
  secure: boolean;
  /** The dashboard build; undefined (or a folder without index.html) serves the placeholder pages. */
  staticDir: string | undefined;
  /** Live SSE streams end when this aborts (shutdown). */
  closing: AbortSignal;
}

export interface ServerEnv {
  Variables: {
    deps: ServerDeps;
    principal: Principal | undefined;
  };
}
