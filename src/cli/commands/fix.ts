/**
 * `fix …`: change a device's settings to fix a finding (`plan`, `apply`, `log`, and `auto-update <device>`).
 * The definitions only; fix-run.ts and fix-apply-run.ts do the work when a command runs.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, DEVICE_ARGUMENT_HELP, parsePositiveInt } from '../option-help.ts';
import { registerFixApply } from './fix-apply.ts';

const AUTO_UPDATE_HELP = `
Where the device's own API has the switch (Hue bridges), iotwarden turns it on and records the evidence in the
firmware audit log. Where the switch lives in the vendor's app, or the device has none, it says so and exits 2.`;

function registerAutoUpdate(fix: Command, deps: CliDeps): void {
  fix
    .command('auto-update')
    .description("switch on the device's own automatic updates, where it has such a switch")
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', AUTO_UPDATE_HELP)
    .action(async (ref, options) => (await import('./fix-run.ts')).runFixAutoUpdate(ref, options, deps));
}

function registerPlan(fix: Command, deps: CliDeps): void {
  fix
    .command('plan')
    .description('dry run: each change fix apply would make (before → after, side effects, undo), and manual steps')
    .option('--device <device>', 'only this device (id, name, address or MAC)')
    .option('--check <id>', 'only findings of this check (e.g. cloud.enabled)')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./fix-run.ts')).runFixPlan(options, deps));
}

function registerLog(fix: Command, deps: CliDeps): void {
  fix
    .command('log')
    .description('past setting changes: before → after, and how each ended')
    .option('--device <device>', 'only this device (id, name, address or MAC)')
    .option('--limit <n>', 'only the newest n changes', parsePositiveInt)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./fix-run.ts')).runFixLog(options, deps));
}

export function registerFixCommands(program: Command, deps: CliDeps): void {
  const fix = program.command('fix').description("change a device's settings to fix a finding");
  registerPlan(fix, deps);
  registerFixApply(fix, deps);
  registerLog(fix, deps);
  registerAutoUpdate(fix, deps);
}
