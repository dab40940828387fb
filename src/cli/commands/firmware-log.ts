/** `firmware log`: the definition; firmware-log-run.ts does the work when it runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, parsePositiveInt } from '../option-help.ts';

export function registerFirmwareLog(group: Command, deps: CliDeps): void {
  group
    .command('log')
    .description('the firmware audit log: checks, installs, holds, releases, policy and catalogue changes')
    .option('--device <device>', 'only entries about this device (id, name, address or MAC)')
    .option('--limit <n>', 'only the newest n entries', parsePositiveInt)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => (await import('./firmware-log-run.ts')).runFirmwareLog(options, deps));
}
