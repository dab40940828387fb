import type { Command } from '@commander-js/extra-typings';
import { applyFirmware } from '../../app/firmware/apply-command.ts';
import { applyReportJson, renderApplyReport } from '../../app/firmware/apply-report-text.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';

const APPLY_HELP = `
Without --now, installs happen only inside the maintenance window (default 03:00-05:00, see docs/firmware.md).
The first device of each model is a canary: the rest follow after it stayed healthy for the soak period.
Ctrl-C stops between steps; a device that was installing is verified, never reinstalled, by the next apply.
Run iotwarden firmware plan first to see what would happen.`;

export function registerFirmwareApply(group: Command, deps: CliDeps): void {
  group
    .command('apply')
    .description('install the firmware updates policy allows, canary first, with a health check after each device')
    .option('--device <device...>', 'only these devices (id, name, address or MAC)')
    .option('--now', 'do not wait for the maintenance window (holds, notify, decisions and canaries still apply)')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', APPLY_HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config, deps);
      const now = options.now === true;
      const interrupt = deps.interrupt();
      const { connectPort, clock, timing } = deps;
      const request = { config, deviceRefs: options.device, now, connectPort, clock, log: deps.logger('info') };
      const outcome = await withStore(options.db, deps, (store) =>
        applyFirmware({ ...request, store, signal: interrupt.signal, ...(timing ? { timing } : {}) }),
      ).finally(interrupt.dispose);
      if (outcome.status === 'interrupted') {
        deps.out.write(
          'Interrupted. A device that was installing is verified, never reinstalled, by the next apply.\n',
        );
        return deps.setExitCode(EXIT_FAILURE);
      }
      const { report } = outcome;
      deps.out.write(options.json ? jsonText(applyReportJson(report)) : renderApplyReport(report, { now }));
      if (report.entries.some((e) => e.action === 'failed')) deps.setExitCode(EXIT_FAILURE);
    });
}
