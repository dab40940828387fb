/** `fix …`: change a device's settings to fix a finding (`plan`, `apply`, `log`, and `auto-update <device>`). */
import type { Command } from '@commander-js/extra-typings';
import { requireDevice } from '../../app/diff/device-diff.ts';
import { fixAutoUpdate } from '../../app/firmware/auto-update-fix.ts';
import { buildFixPlan, requireCheckId } from '../../app/fix/plan.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import {
  CONFIG_OPTION_HELP,
  DB_OPTION_HELP,
  DEVICE_ARGUMENT_HELP,
  inventoryExists,
  parsePositiveInt,
  readConfig,
  withStore,
} from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_USAGE } from '../exit-codes.ts';
import { renderFixLog, renderFixPlan } from '../output/fix-text.ts';
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
    .action(async (ref, options) => {
      const { config } = readConfig(options.config, deps);
      const { connectPort, clock } = deps;
      const request = { ref, config, connectPort, clock, log: deps.logger('info') };
      const timeout = { requestTimeoutMs: deps.timing?.requestTimeoutMs };
      const result = await withStore(options.db, deps, (store) => fixAutoUpdate({ ...request, ...timeout, store }));
      const { deviceId, ...rest } = result;
      deps.out.write(options.json ? jsonText({ device: deviceId, ...rest }) : `${sanitizeText(result.detail)}\n`);
      // The owner asked for something this device cannot do through iotwarden: not a success for scripts.
      if (result.status !== 'enabled') deps.setExitCode(EXIT_USAGE);
    });
}

function registerPlan(fix: Command, deps: CliDeps): void {
  fix
    .command('plan')
    .description('dry run: each change fix apply would make (before → after, side effects, undo), and manual steps')
    .option('--device <device>', 'only this device (id, name, address or MAC)')
    .option('--check <id>', 'only findings of this check (e.g. cloud.enabled)')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const filter = { device: options.device, check: options.check };
      if (filter.check !== undefined) requireCheckId(filter.check);
      // No inventory yet: nothing was scanned, so nothing to fix (and no database is created by a dry run).
      const plan = inventoryExists(options.db, deps)
        ? await withStore(options.db, deps, (store) => buildFixPlan({ store, ...filter }))
        : { changes: [], manual: [] };
      deps.out.write(options.json ? jsonText(plan) : `${renderFixPlan(plan)}\n`);
    });
}

function registerLog(fix: Command, deps: CliDeps): void {
  fix
    .command('log')
    .description('past setting changes: before → after, and how each ended')
    .option('--device <device>', 'only this device (id, name, address or MAC)')
    .option('--limit <n>', 'only the newest n changes', parsePositiveInt)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const { entries, names } = await withStore(options.db, deps, async (store) => {
        const deviceId =
          options.device === undefined ? undefined : (await requireDevice(store, options.device)).deviceId;
        const filter = { ...(deviceId ? { deviceId } : {}), ...(options.limit ? { limit: options.limit } : {}) };
        const devices = await store.devices();
        const names = new Map(devices.map((d) => [d.deviceId, d.name ?? d.address]));
        return { entries: await store.fixes.history(filter), names };
      });
      deps.out.write(options.json ? jsonText({ entries }) : `${renderFixLog(entries, names)}\n`);
    });
}

export function registerFixCommands(program: Command, deps: CliDeps): void {
  const fix = program.command('fix').description("change a device's settings to fix a finding");
  registerPlan(fix, deps);
  registerFixApply(fix, deps);
  registerLog(fix, deps);
  registerAutoUpdate(fix, deps);
}
