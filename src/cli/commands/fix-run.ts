/** `fix plan`, `fix log` and `fix auto-update`, the implementation (definitions in fix.ts; apply: fix-apply-run.ts). */
import { requireDevice } from '../../app/diff/device-diff.ts';
import { fixAutoUpdate } from '../../app/firmware/auto-update-fix.ts';
import { buildFixPlan, requireCheckId } from '../../app/fix/plan.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { inventoryExists, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_USAGE } from '../exit-codes.ts';
import { renderFixLog, renderFixPlan } from '../output/fix-text.ts';

/** The options `fix auto-update` parses. */
export interface AutoUpdateOptions {
  json?: true | undefined;
  db?: string | undefined;
  config?: string | undefined;
}

export async function runFixAutoUpdate(ref: string, options: AutoUpdateOptions, deps: CliDeps): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const { connectPort, clock } = deps;
  const request = { ref, config, connectPort, clock, log: deps.logger('info') };
  const timeout = { requestTimeoutMs: deps.timing?.requestTimeoutMs };
  const result = await withStore(options.db, deps, (store) => fixAutoUpdate({ ...request, ...timeout, store }));
  const { deviceId, ...rest } = result;
  deps.out.write(options.json ? jsonText({ device: deviceId, ...rest }) : `${sanitizeText(result.detail)}\n`);
  // The owner asked for something this device cannot do through iotwarden: not a success for scripts.
  if (result.status !== 'enabled') deps.setExitCode(EXIT_USAGE);
}

/** The options `fix plan` parses. */
export interface FixPlanOptions {
  device?: string | undefined;
  check?: string | undefined;
  json?: true | undefined;
  db?: string | undefined;
}

export async function runFixPlan(options: FixPlanOptions, deps: CliDeps): Promise<void> {
  const filter = { device: options.device, check: options.check };
  if (filter.check !== undefined) requireCheckId(filter.check);
  // No inventory yet: nothing was scanned, so nothing to fix (and no database is created by a dry run).
  const plan = inventoryExists(options.db, deps)
    ? await withStore(options.db, deps, (store) => buildFixPlan({ store, ...filter }))
    : { changes: [], manual: [] };
  deps.out.write(options.json ? jsonText(plan) : `${renderFixPlan(plan)}\n`);
}

/** The options `fix log` parses. */
export interface FixLogOptions {
  device?: string | undefined;
  limit?: number | undefined;
  json?: true | undefined;
  db?: string | undefined;
}

export async function runFixLog(options: FixLogOptions, deps: CliDeps): Promise<void> {
  const { entries, names } = await withStore(options.db, deps, async (store) => {
    const deviceId = options.device === undefined ? undefined : (await requireDevice(store, options.device)).deviceId;
    const filter = { ...(deviceId ? { deviceId } : {}), ...(options.limit ? { limit: options.limit } : {}) };
    const devices = await store.devices();
    const names = new Map(devices.map((d) => [d.deviceId, d.name ?? d.address]));
    return { entries: await store.fixes.history(filter), names };
  });
  deps.out.write(options.json ? jsonText({ entries }) : `${renderFixLog(entries, names)}\n`);
}
