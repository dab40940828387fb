/**
 * `secrets show <device>`: the password iotwarden generated for a device, printed on a terminal only.
 * The definition only; secrets-run.ts does the work when it runs.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { DB_OPTION_HELP, DEVICE_ARGUMENT_HELP } from '../option-help.ts';

const SECRETS_HELP = `
Passwords iotwarden generated when it set a login (fix apply) live in iotwarden-secrets.json beside the database,
mode 0600; never in the database, logs, reports or --json. Passwords you configured stay in iotwarden.yaml.
The password is printed only when the output is a terminal, so it does not end up in a file or a pipe.`;

export function registerSecretsCommands(program: Command, deps: CliDeps): void {
  const secrets = program.command('secrets').description('passwords iotwarden generated for your devices');
  secrets
    .command('show')
    .description('print the password iotwarden set on a device (on a terminal only)')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', SECRETS_HELP)
    .action(async (ref, options) => (await import('./secrets-run.ts')).runSecretsShow(ref, options, deps));
}
