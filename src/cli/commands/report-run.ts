/** `iotwarden report`, the implementation: loaded only when it runs (definition in report.ts). */
import { emptyHomeModel } from '../../app/report/home-views.ts';
import { renderReport } from '../../app/report/render-report.ts';
import type { ReportFormat } from '../../app/report/report-formats.ts';
import { homeModelWithRisk } from '../../app/risk/report-section.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { inventoryExists } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { withRisk } from './risk-run.ts';

/** The options `report` parses. */
export interface ReportOptions {
  format: ReportFormat;
  output?: string | undefined;
  db?: string | undefined;
  config?: string | undefined;
}

export async function runReport(options: ReportOptions, deps: CliDeps): Promise<void> {
  // The risk section needs the owner's context (iotwarden.yaml risk.devices) and decisions from the inventory.
  const model = inventoryExists(options.db, deps)
    ? (await withRisk(options, deps, 'read', homeModelWithRisk)).model
    : emptyHomeModel();
  const text = renderReport(model, options.format);
  if (!options.output) return void deps.out.write(text);
  writeFileAtomic(options.output, text);
  deps.err.write(`report written to ${sanitizeText(options.output)}\n`);
}
