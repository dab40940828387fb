/** `secrets show <device>`: the password iotwarden generated for a device, printed on a terminal only. */
import type { Command } from '@commander-js/extra-typings';
import { requireDevice } from '../../app/diff/device-diff.ts';
import { UsageError } from '../../errors/index.ts';
import { SecretsFile, secretsFileFor } from '../../store/secrets-file.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { DB_OPTION_HELP, DEVICE_ARGUMENT_HELP, dbFile, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';

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
    .action(async (ref, options) => {
      if (!deps.out.isTTY) {
        throw new UsageError('secrets show prints a password: run it on a terminal (its output is not one)', {
          code: 'ERR_NOT_A_TERMINAL',
        });
      }
      const detail = await withStore(options.db, deps, (store) => requireDevice(store, ref));
      const secret = new SecretsFile(secretsFileFor(dbFile(options.db, deps))).get(detail.deviceId);
      const label = sanitizeText(detail.name ?? detail.address);
      if (!secret) {
        throw new UsageError(
          `iotwarden generated no password for ${label} (a password you configured is in iotwarden.yaml)`,
          { code: 'ERR_NO_SECRET' },
        );
      }
      deps.out.write(`${label}\nuser: ${secret.username}\npassword: ${secret.password}\n`);
    });
}
