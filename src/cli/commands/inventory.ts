/**
 * `devices`, `device` and `findings`: read-only views of the inventory (`report` is in report.ts).
 * The definitions only; inventory-run.ts does the work when one of them runs.
 */
import { type Command, Option } from '@commander-js/extra-typings';
import { SEVERITIES } from '../../checks/finding.ts';
import type { CliDeps } from '../deps.ts';
import { DB_OPTION_HELP, DEVICE_ARGUMENT_HELP } from '../option-help.ts';

function registerDevices(program: Command, deps: CliDeps): void {
  program
    .command('devices')
    .description('list every known device with its score and worst finding, worst first')
    .option('--json', 'print the --json contract (see the README)')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./inventory-run.ts')).runDevices(options, deps));
}

function registerDevice(program: Command, deps: CliDeps): void {
  program
    .command('device')
    .description('everything known about one device: facts, findings with evidence and fixes, history')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (ref, options) => (await import('./inventory-run.ts')).runDevice(ref, options, deps));
}

function registerFindings(program: Command, deps: CliDeps): void {
  program
    .command('findings')
    .description('findings across the home, most severe first, then what to do first')
    .addOption(new Option('--severity <level>', 'only this severity or worse').choices(SEVERITIES).default('info'))
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./inventory-run.ts')).runFindings(options, deps));
}

export function registerInventoryCommands(program: Command, deps: CliDeps): void {
  registerDevices(program, deps);
  registerDevice(program, deps);
  registerFindings(program, deps);
}
