/** `fix apply`: the definition; fix-apply-run.ts does the work when it runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const APPLY_HELP = `
One device at a time, one change at a time: each setting is read first, the change is journalled, a new password
is stored (secrets file, mode 0600) before the device gets it, the setting is read back (for a password: a login
with it), and the device is health-checked (answers, identifies as itself, control state readable). A failure puts
the old value back where the device allows it and stops the run. A run killed at any point is settled by the next
one, which reads the device. Without a terminal it refuses unless --yes is given.`;

export function registerFixApply(fix: Command, deps: CliDeps): void {
  fix
    .command('apply')
    .description("make the planned changes through the devices' own APIs, verified and health-checked")
    .option('--device <device>', 'only this device (id, name, address or MAC)')
    .option('--check <id>', 'only findings of this check (e.g. cloud.enabled)')
    .option('--yes', 'do not ask (needed when not on a terminal)')
    .option('--json', 'print the results as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', APPLY_HELP)
    .action(async (options) => (await import('./fix-apply-run.ts')).runFixApply(options, deps));
}
