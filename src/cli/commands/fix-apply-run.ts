/** `fix apply`, the implementation: asks on a terminal, refuses without one unless `--yes`, then runs the use case. */
import { createInterface } from 'node:readline/promises';
import { applyFixes } from '../../app/fix/apply.ts';
import type { FixApplyResult } from '../../app/fix/apply-types.ts';
import { buildFixPlan } from '../../app/fix/plan.ts';
import { gatedLookup } from '../../app/scan/credential-gate.ts';
import { UsageError } from '../../errors/index.ts';
import { SecretsFile, secretsFileFor } from '../../store/secrets-file.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { dbFile, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';
import { renderFixApply, renderFixPlan } from '../output/fix-text.ts';

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

/** The options `fix apply` parses. */
export interface ApplyOptions {
  device?: string | undefined;
  check?: string | undefined;
  yes?: true | undefined;
  db?: string | undefined;
  json?: true | undefined;
  config?: string | undefined;
}

/** Shows the plan and asks (unless --yes), then applies it; undefined when the owner said no. */
async function applyAfterAsking(
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

/** `fix apply`: refuses without a terminal unless --yes, shows the plan, asks, applies and prints the outcome. */
export async function runFixApply(options: ApplyOptions, deps: CliDeps): Promise<void> {
  if (!options.yes && !deps.in?.isTTY) {
    throw new UsageError('fix apply changes devices: run it on a terminal to confirm, or pass --yes', {
      code: 'ERR_CONFIRMATION_NEEDED',
    });
  }
  const interrupt = deps.interrupt();
  try {
    const result = await applyAfterAsking(deps, options, interrupt.signal);
    if (!result) {
      deps.out.write('Nothing changed.\n');
      return;
    }
    deps.out.write(options.json ? jsonText(result) : `${renderFixApply(result)}\n`);
    if (result.changes.some((c) => c.status === 'failed' || c.status === 'reverted')) deps.setExitCode(EXIT_FAILURE);
  } finally {
    interrupt.dispose();
  }
}
