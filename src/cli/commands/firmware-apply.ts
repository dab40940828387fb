/** `firmware apply`: the definition; firmware-apply-run.ts does the work when it runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

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
    .action(async (options) => (await import('./firmware-apply-run.ts')).runFirmwareApply(options, deps));
}
