/** `firmware hold` and `firmware release`: the definitions; firmware-holds-run.ts does the work. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const HOLD_HELP = `
Examples:
  iotwarden firmware hold tv-plug --reason "breaks Home Assistant" --until 2027-01-31
  iotwarden firmware hold "HS100(UK)" --reason "waiting for reviews" --until 2027-03-01   every device of a model

A device with a critical fix waiting is still reported (ALERT) while it is held. Holds in iotwarden.yaml work
the same way and are changed by editing the file.`;

export function registerFirmwareHold(group: Command, deps: CliDeps): void {
  group
    .command('hold')
    .description('hold firmware updates for a device or a model, with a reason and an end date')
    .argument('<device|model>', 'device name, id, address or MAC, or a model such as HS100(UK)')
    .requiredOption('--reason <text>', 'why (shown in status and the audit log)')
    .requiredOption('--until <YYYY-MM-DD>', 'the hold ends when this date begins; then the policy applies again')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', HOLD_HELP)
    .action(async (ref, options) => (await import('./firmware-holds-run.ts')).runFirmwareHold(ref, options, deps));
}

export function registerFirmwareRelease(group: Command, deps: CliDeps): void {
  group
    .command('release')
    .description('release the holds set on a device or a model (it goes back to its policy)')
    .argument('<device|model>', 'device name, id, address or MAC, or a model')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (ref, options) => (await import('./firmware-holds-run.ts')).runFirmwareRelease(ref, options, deps));
}
