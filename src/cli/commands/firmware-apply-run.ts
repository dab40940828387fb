/** `firmware apply`, the implementation: loaded only when it runs (definition in firmware-apply.ts). */
import { applyFirmware } from '../../app/firmware/apply-command.ts';
import { applyReportJson, renderApplyReport } from '../../app/firmware/apply-report-text.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';

/** The options `firmware apply` parses. */
export interface FirmwareApplyOptions {
  device?: string[] | undefined;
  now?: true | undefined;
  json?: true | undefined;
  db?: string | undefined;
  config?: string | undefined;
}

export async function runFirmwareApply(options: FirmwareApplyOptions, deps: CliDeps): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const now = options.now === true;
  const interrupt = deps.interrupt();
  const { connectPort, clock, timing } = deps;
  const request = { config, deviceRefs: options.device, now, connectPort, clock, log: deps.logger('info') };
  const outcome = await withStore(options.db, deps, (store) =>
    applyFirmware({ ...request, store, signal: interrupt.signal, ...(timing ? { timing } : {}) }),
  ).finally(interrupt.dispose);
  if (outcome.status === 'interrupted') {
    deps.out.write('Interrupted. A device that was installing is verified, never reinstalled, by the next apply.\n');
    return deps.setExitCode(EXIT_FAILURE);
  }
  const { report } = outcome;
  deps.out.write(options.json ? jsonText(applyReportJson(report)) : renderApplyReport(report, { now }));
  if (report.entries.some((e) => e.action === 'failed')) deps.setExitCode(EXIT_FAILURE);
}
