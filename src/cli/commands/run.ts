/** `iotwarden run`: the background scheduler (periodic firmware checks and the maintenance window). */
import type { Command } from '@commander-js/extra-typings';
import { runScheduler } from '../../app/firmware/run-scheduler.ts';
import { DEFAULT_CHECK_PATTERN, DEFAULT_WINDOW_PATTERN } from '../../app/firmware/scheduler-jobs.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, dbFile, readConfig } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';

const RUN_HELP = `
The check rescans the networks in iotwarden.yaml and records the firmware state (iotwarden firmware log shows
it); the maintenance-window job installs only what policy allows, inside the window. iotwarden.yaml is read
again before every run, so edits apply without a restart. Logs (JSON lines) go to stderr.
Patterns are croner/cron patterns: minute hour day-of-month month day-of-week.`;

export function registerRunCommand(program: Command, deps: CliDeps): void {
  program
    .command('run')
    .description('run the background scheduler: periodic firmware checks and the maintenance window (Ctrl-C stops)')
    .option('--check <cron>', 'when to rescan and check firmware', DEFAULT_CHECK_PATTERN)
    .option('--window <cron>', 'how often to look for work in the maintenance window', DEFAULT_WINDOW_PATTERN)
    .option('--once', 'run the check and the maintenance-window job once, then exit')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', RUN_HELP)
    .action(async (options) => {
      const config = () => readConfig(options.config, deps).config;
      config(); // a broken config is reported now, not at the first job
      await runScheduler({
        db: dbFile(options.db, deps),
        config,
        checkPattern: options.check,
        windowPattern: options.window,
        once: options.once === true,
        stopped: deps.waitForStop,
        log: deps.logger('info'),
        clock: deps.clock,
      });
    });
}
