/**
 * `iotwarden serve`: the always-on process with its web API and dashboard (Ctrl-C or SIGTERM stops it cleanly).
 * The definition only; serve-run.ts does the work when it runs.
 */
import type { Command } from '@commander-js/extra-typings';
import { DEFAULT_LISTEN } from '../../server/listen-plan.ts';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, parsePositiveInt } from '../option-help.ts';

const SERVE_HELP = `
Listens on ${DEFAULT_LISTEN} (this machine only) unless --listen says otherwise. Any other address needs TLS:
--tls-cert/--tls-key, or a self-signed pair generated beside the database (its SHA-256 fingerprint is printed);
--insecure-http serves plain HTTP there anyway, with a warning.
On first start it prints a one-time setup link: open it to create the owner account. The API is described at
/api/openapi.json. The scheduler (serve: in iotwarden.yaml) scans, imports DNS queries, checks firmware and runs
the maintenance window; notifications go to the targets under notifications:. Logs (JSON lines) go to stderr.

Examples:
  iotwarden serve --db ~/iotwarden.db
  iotwarden serve --listen 0.0.0.0:8642 --origin https://iotwarden.home:8642`;

export function registerServeCommand(program: Command, deps: CliDeps): void {
  program
    .command('serve')
    .description('run always: web API and dashboard, scheduled scans, DNS imports, firmware and notifications')
    .option('--listen <addr:port>', 'where to listen', DEFAULT_LISTEN)
    .option('--tls-cert <file>', 'TLS certificate (PEM)')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--insecure-http', 'plain HTTP on a non-loopback address (not recommended)')
    .option('--origin <url...>', 'other URLs the dashboard is opened as (a DNS name, a reverse proxy)')
    .option('--static-dir <dir>', 'the dashboard build to serve (default: dist/dashboard when built)')
    .option('--stop-deadline <seconds>', 'how long running jobs may finish when stopping', parsePositiveInt, 60)
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', SERVE_HELP)
    .action(async (options) => (await import('./serve-run.ts')).runServe(options, deps));
}
