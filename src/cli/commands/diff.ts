/** `iotwarden diff`: the command's definition; the implementation is diff-run.ts, loaded when it runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, DEVICE_ARGUMENT_HELP } from '../option-help.ts';

const DIFF_HELP = `
Examples:
  iotwarden diff garage-door bedroom-fan       how two devices differ, read from them now
  iotwarden diff --peers garage-door           where it is the odd one out among devices of its model
  iotwarden diff garage-door --since 7d        what changed in its configuration (from scan snapshots)

Fields that always differ (ids, MACs, names, addresses, uptime, clocks, counters) are left out. Reading devices
now uses the credentials in iotwarden.yaml, only with devices you trusted (iotwarden trust --help) and only while
they present the identity they are bound to; a device that cannot be read falls back to its latest snapshot.`;

/** `diff`: configuration differences between devices, among peers, and over time. */
export function registerDiffCommand(program: Command, deps: CliDeps): void {
  program
    .command('diff')
    .description('compare device configurations: two devices, a device against its peers, or a device over time')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .argument('[other]', 'the device to compare with')
    .option('--peers', 'rank the settings in which <device> differs from every other device of its model')
    .option('--since <when>', 'what changed on <device> since then: 7d, 12h, 30m or a date')
    .option('--stored', 'compare the latest stored snapshots instead of reading the devices now')
    .option('--json', 'print as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', DIFF_HELP)
    .action(async (device, other, options) => (await import('./diff-run.ts')).runDiff(device, other, options, deps));
}
