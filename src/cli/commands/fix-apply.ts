/** `fix apply`: asks on a terminal, refuses without one unless `--yes`, then runs the use case and prints. */
import { createInterface } from 'node:readline/promises';
import type { Command } from '@commander-js/extra-typings';
import { applyFixes } from '../../app/fix/apply.ts';
import type { FixApplyResult } from '../../app/fix/apply-types.ts';
import { buildFixPlan } from '../../app/fix/plan.ts';
import { gatedLookup } from '../../app/scan/credential-gate.ts';
import { UsageError } from '../../errors/index.ts';
import { SecretsFile, secretsFileFor } from '../../store/secrets-file.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, dbFile, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';
import { renderFixApply, renderFixPlan } from '../output/fix-text.ts';

const APPLY_HELP = `
One device at a time, one change at a time: each setting is read first, the change is journalled, a new password
is stored (secrets file, mode 0600) before the device gets it, the setting is read back (for a password: a login
with it), and the device is health-checked (answers, identifies as itself, control state readable). A failure puts
the old value back where the device allows it and stops the run. A run killed at any point is settled by the next
one, which reads the device. Without a terminal it refuses unless --yes is given.`;

async function confirm(deps: CliDeps, count: number): Promise<boolean> {
  const input = deps.in;
  if (!input) return false;
  const rl = createInterface({ input, output: deps.out, terminal: false });
  try {
    const answer = await rl.question(`Apply ${count} change(s)? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

interface ApplyOptions {
  device?: string | undefined;
  check?: string | undefined;
  yes?: true | undefined;
  db?: string | undefined;
  config?: string | undefined;
}

/** Shows the plan and asks (unless --yes), then applies it; undefined when the owner said no. */
async function runApply(
  deps: CliDeps,
  options: ApplyOptions,
  signal: AbortSignal,
): Promise<FixApplyResult | undefined> {
  const { config } = readConfig(options.config, deps);
  const db = dbFile(options.db, deps);
  const filter = { device: options.device, check: options.check };
  return withStore(options.db, deps, async (store) => {
    const plan = await buildFixPlan({ store, ...filter });
    if (!options.yes) {
      deps.out.write(`${renderFixPlan(plan)}\n\n`);
      if (plan.changes.length > 0 && !(await confirm(deps, plan.changes.length))) return undefined;
    }
    const env = {
      store,
      secrets: new SecretsFile(secretsFileFor(db)),
      credentials: await gatedLookup(store, config.credentials, deps.env),
      connectPort: deps.connectPort,
      clock: deps.clock,
      log: deps.logger('warn'),
      signal,
      ...(deps.timing?.requestTimeoutMs ? { requestTimeoutMs: deps.timing.requestTimeoutMs } : {}),
    };
    return applyFixes({ env, ...filter });
  });
}

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
    .action(async (options) => {
      if (!options.yes && !deps.in?.isTTY) {
        throw new UsageError('fix apply changes devices: run it on a terminal to confirm, or pass --yes', {
          code: 'ERR_CONFIRMATION_NEEDED',
        });
      }
      const interrupt = deps.interrupt();
      try {
        const result = await runApply(deps, options, interrupt.signal);
        if (!result) {
          deps.out.write('Nothing changed.\n');
          return;
        }
        deps.out.write(options.json ? jsonText(result) : `${renderFixApply(result)}\n`);
        if (result.changes.some((c) => c.status === 'failed' || c.status === 'reverted'))
          deps.setExitCode(EXIT_FAILURE);
      } finally {
        interrupt.dispose();
      }
    });
}
