/** `iotwarden serve`, the implementation: loaded only when it runs (definition in serve.ts). */
import { parseListen } from '../../server/listen-plan.ts';
import { startServe } from '../../server/serve-process.ts';
import { dbFile, readConfig } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';

/** The options `serve` parses. */
export interface ServeOptions {
  listen: string;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  insecureHttp?: true | undefined;
  origin?: string[] | undefined;
  staticDir?: string | undefined;
  stopDeadline: number;
  db?: string | undefined;
  config?: string | undefined;
}

/** Starts the web API, dashboard and scheduler, and stops them cleanly on SIGINT or SIGTERM. */
export async function runServe(options: ServeOptions, deps: CliDeps): Promise<void> {
  const loadConfig = () => readConfig(options.config, deps);
  loadConfig(); // a broken config is reported now, not at the first job
  const say = (line: string) => void deps.out.write(`${line}\n`);
  const serve = await startServe({
    db: dbFile(options.db, deps),
    loadConfig,
    env: deps.env,
    clock: deps.clock,
    log: deps.logger('info'),
    listen: parseListen(options.listen),
    tls: { tlsCert: options.tlsCert, tlsKey: options.tlsKey, insecureHttp: options.insecureHttp },
    origins: options.origin ?? [],
    staticDir: options.staticDir,
    say,
  });
  await deps.waitForStop();
  say('iotwarden serve: stopping (running jobs get up to the stop deadline)');
  await serve.stop(options.stopDeadline * 1000);
  say('iotwarden serve: stopped');
}
