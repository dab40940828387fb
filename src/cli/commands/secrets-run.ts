/** `secrets show`, the implementation: loaded only when it runs (definition in secrets.ts). */
import { requireDevice } from '../../app/diff/device-diff.ts';
import { UsageError } from '../../errors/index.ts';
import { SecretsFile, secretsFileFor } from '../../store/secrets-file.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { dbFile, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';

/** Prints the password iotwarden generated for a device, on a terminal only. */
export async function runSecretsShow(ref: string, options: { db?: string | undefined }, deps: CliDeps): Promise<void> {
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
}
