/**
 * `iotwarden run`: the background scheduler (periodic firmware checks and the maintenance window).
 * The definition only; run-run.ts does the work when it runs.
 */
import type { Command } from '@commander-js/extra-typings';
import { SERVE_DEFAULTS } from '../../config/serve-defaults.ts';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const RUN_HELP = `
The same scheduler as iotwarden serve, without the web server: it rescans the networks in iotwarden.yaml
(serve.scan), imports new DNS queries from dns.sources (serve.dnsImport), records the firmware state
(serve.firmwareCheck; iotwarden firmware log shows it) and installs only what policy allows, inside the
maintenance window (serve.maintenance). Notifications go to the targets under notifications:. iotwarden.yaml
is read again before every job, so edits apply without a restart. Logs (JSON lines) go to stderr.
Patterns are croner/cron patterns: minute hour day-of-month month day-of-week.`;

export function registerRunCommand(program: Command, deps: CliDeps): void {
  program
    .command('run')
    .description('run the scheduler of iotwarden serve without the web server (Ctrl-C stops)')
    .option(
      '--check <cron>',
      `when to check firmware (default: serve.firmwareCheck, else ${SERVE_DEFAULTS.firmwareCheck})`,
    )
    .option(
      '--window <cron>',
      `how often to look for work in the maintenance window (default: serve.maintenance, else ${SERVE_DEFAULTS.maintenance})`,
    )
    .option('--once', 'scan, check firmware and run the maintenance-window job once, then exit')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', RUN_HELP)
    .action(async (options) => (await import('./run-run.ts')).runRun(options, deps));
}
