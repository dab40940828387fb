/** `iotwarden report`: the definition; report-run.ts does the work when it runs. */
import { type Command, Option } from '@commander-js/extra-typings';
import { REPORT_FORMATS } from '../../app/report/report-formats.ts';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const REPORT_HELP = `
Examples:
  iotwarden report -o home.html                 a single self-contained page (no scripts, no external files)
  iotwarden report --format md > home.md
  iotwarden report --format json                the same object as iotwarden devices --json

A report written with -o replaces the file only once it is complete: if the disk fills up, the previous report
stays as it was.`;

export function registerReportCommand(program: Command, deps: CliDeps): void {
  program
    .command('report')
    .description('write a report of the whole home: Markdown, a self-contained HTML page, or JSON')
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('html' as const))
    .option('-o, --output <file>', 'write to this file (mode 0600) instead of stdout')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', REPORT_HELP)
    .action(async (options) => (await import('./report-run.ts')).runReport(options, deps));
}
