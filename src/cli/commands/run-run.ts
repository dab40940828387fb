/** `iotwarden run`, the implementation: loaded only when it runs (definition in run.ts). */
import { runScheduler } from '../../app/firmware/run-scheduler.ts';
import { cronPatternSchema } from '../../config/serve-config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import { dbFile, readConfig } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';

/** The options `run` parses. */
export interface RunOptions {
  check?: string | undefined;
  window?: string | undefined;
  once?: true | undefined;
  db?: string | undefined;
  config?: string | undefined;
}

/** Runs the scheduler until SIGINT or SIGTERM (or each job once, with --once). */
export async function runRun(options: RunOptions, deps: CliDeps): Promise<void> {
  const config = () => readConfig(options.config, deps).config;
  config(); // a broken config is reported now, not at the first job
  await runScheduler({
    db: dbFile(options.db, deps),
    config,
    checkPattern: cronFlag('--check', options.check),
    windowPattern: cronFlag('--window', options.window),
    once: options.once === true,
    env: deps.env,
    stopped: deps.waitForStop,
    log: deps.logger('info'),
    clock: deps.clock,
  });
}

function cronFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = cronPatternSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${flag}: ${parsed.error.issues[0]?.message ?? 'not a cron pattern'}`);
  return value;
}
