import { type Command, Option } from '@commander-js/extra-typings';
import { emptyHomeModel } from '../../app/report/home-views.ts';
import { REPORT_FORMATS, renderReport } from '../../app/report/render-report.ts';
import { homeModelWithRisk } from '../../app/risk/report-section.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, inventoryExists } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { withRisk } from './risk.ts';

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
    .action(async (options) => {
      // The risk section needs the owner's context (iotwarden.yaml risk.devices) and decisions from the inventory.
      const model = inventoryExists(options.db, deps)
        ? (await withRisk(options, deps, 'read', homeModelWithRisk)).model
        : emptyHomeModel();
      const text = renderReport(model, options.format);
      if (!options.output) return void deps.out.write(text);
      writeFileAtomic(options.output, text);
      deps.err.write(`report written to ${sanitizeText(options.output)}\n`);
    });
}
