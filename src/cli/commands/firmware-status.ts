/** `firmware status` and `firmware plan`: the definitions; firmware-status-run.ts does the work. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

export function registerFirmwareStatus(group: Command, deps: CliDeps): void {
  group
    .command('status')
    .description('every device: installed and latest firmware, where that came from, auto-update, policy, why not yet')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => (await import('./firmware-status-run.ts')).runFirmwareStatus(options, deps));
}

export function registerFirmwarePlan(group: Command, deps: CliDeps): void {
  group
    .command('plan')
    .description('dry run: what would be installed, when and in which order (canaries first), and what waits')
    .option('--now', 'as `firmware apply --now`: ignore the maintenance window (the soak period still applies)')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => (await import('./firmware-status-run.ts')).runFirmwarePlan(options, deps));
}
