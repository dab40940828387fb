/**
 * The read side of firmware management: `firmware status|plan|hold|release|log` and `catalog update|sign|show`.
 * `firmware apply` and `iotwarden run` live in firmware-apply.ts and join the same `firmware` group.
 */
import type { Writable } from 'node:stream';
import type { Command } from '@commander-js/extra-typings';
import type { FirmwareCatalogue } from '../../app/firmware/catalogue.ts';
import { activeCatalogue } from '../../app/firmware/catalogue-load.ts';
import type { TrustedKey } from '../../app/firmware/catalogue-signature.ts';
import { firmwareStates } from '../../app/firmware/firmware-state.ts';
import { buildPlan } from '../../app/firmware/plan.ts';
import { auditPolicyChange } from '../../app/firmware/policy-audit.ts';
import { decide, loadPolicy } from '../../app/firmware/policy-engine.ts';
import { holdDevice, holdModel, releaseHolds } from '../../app/firmware/policy-holds.ts';
import { modelMatches } from '../../app/firmware/policy-match.ts';
import type { FirmwarePolicy } from '../../app/firmware/types.ts';
import { UsageError } from '../../errors/index.ts';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import type { Store } from '../../store/index.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import { colorEnabled } from '../output/color.ts';
import { registerCatalogCommands } from './firmware-read-catalog.ts';
import { planStepJson, renderLog, renderPlan, renderStatus, type StatusRow } from './firmware-read-output.ts';

/** Seams for tests: the clock, the output streams and the trusted catalogue keys. */
export interface FirmwareCliDeps {
  clock: Clock;
  out: Writable & { columns?: number; isTTY?: boolean };
  err: Writable;
  trustedKeys?: readonly TrustedKey[];
  bundled?: FirmwareCatalogue;
}

const defaultDeps = (): FirmwareCliDeps => ({ clock: systemClock, out: process.stdout, err: process.stderr });

/** The `firmware` command group, created once; firmware-apply.ts adds its commands to the same group. */
export function firmwareCommandGroup(program: Command): Command {
  const existing = program.commands.find((command) => command.name() === 'firmware');
  if (existing) return existing as unknown as Command;
  return program.command('firmware').description('firmware state, update policy, holds and the audit log');
}

export interface FirmwareContext {
  store: Store;
  firmware: FirmwareRepository;
  catalogue: FirmwareCatalogue;
  policy: FirmwarePolicy;
  nowMs: number;
}

/** Opens the inventory and its firmware tables, the catalogue in use and the policy; always closes both. */
export async function withFirmwareContext<T>(
  options: { db?: string | undefined; config?: string | undefined },
  deps: FirmwareCliDeps,
  readonly: boolean,
  work: (context: FirmwareContext) => Promise<T>,
): Promise<T> {
  const { config, file } = readConfig(options.config);
  return withStore(
    options.db,
    async (store) => {
      const { firmware } = store;
      const catalogue = await activeCatalogue(firmware, {
        ...(deps.trustedKeys ? { trustedKeys: deps.trustedKeys } : {}),
        ...(deps.bundled ? { bundled: deps.bundled } : {}),
        onWarning: (message) => deps.err.write(`iotwarden: warning: ${message}\n`),
      });
      const policy = loadPolicy(config.firmware, await firmware.activeHolds());
      const nowMs = deps.clock.now();
      if (!readonly) await auditPolicyChange(firmware, config.firmware, { actor: 'cli', nowMs, file });
      return await work({ store, firmware, catalogue, policy, nowMs });
    },
    readonly,
  );
}

export function registerFirmwareReadCommands(program: Command, deps: FirmwareCliDeps = defaultDeps()): void {
  const group = firmwareCommandGroup(program);
  // Piped output has no terminal width; the table is wide, so give it room rather than truncate the answer.
  const width = (): number => Math.min(deps.out.columns ?? 160, 200);

  group
    .command('status')
    .description(
      'every device: installed and latest firmware, where that came from, auto-update, policy, and why not yet',
    )
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      await withFirmwareContext(options, deps, true, async ({ store, catalogue, policy, nowMs }) => {
        const rows: StatusRow[] = (await firmwareStates(store, catalogue)).map((entry) => ({
          ...entry,
          decision: decide(entry.device, entry.state, policy, nowMs),
        }));
        if (options.json) {
          deps.out.write(`${JSON.stringify({ catalogue: catalogueJson(catalogue), devices: rows }, null, 2)}\n`);
        } else if (rows.length === 0) {
          deps.out.write('No identified devices yet: run iotwarden scan first.\n');
        } else {
          deps.out.write(`${renderStatus(rows, catalogue, width(), colorEnabled(deps.out))}\n`);
        }
      });
    });

  group
    .command('plan')
    .description('dry run: what would be installed, when and in which order (canaries first), and what waits')
    .option('--now', 'as `firmware apply --now`: ignore the maintenance window (the soak period still applies)')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      await withFirmwareContext(options, deps, true, async ({ store, catalogue, policy, nowMs }) => {
        const plan = buildPlan(await firmwareStates(store, catalogue), policy, nowMs, { now: options.now === true });
        if (options.json) {
          const json = {
            generatedMs: plan.generatedMs,
            installs: plan.installs.map(planStepJson),
            waiting: plan.waiting.map(planStepJson),
            upToDate: plan.upToDate.map(planStepJson),
            unknown: plan.unknown.map(planStepJson),
          };
          deps.out.write(`${JSON.stringify(json, null, 2)}\n`);
        } else deps.out.write(`${renderPlan(plan, policy.timeZone)}\n`);
      });
    });

  group
    .command('hold')
    .description('hold firmware updates for a device or a model, with a reason and an end date')
    .argument('<device|model>', 'device name, id, address or MAC, or a model such as HS100(UK)')
    .requiredOption('--reason <text>', 'why (shown in status and the audit log)')
    .requiredOption(
      '--until <YYYY-MM-DD>',
      'the hold ends when this date begins; the device then goes back to its policy',
    )
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (ref, options) => {
      await withFirmwareContext(options, deps, false, async ({ store, firmware, policy, nowMs }) => {
        const request = {
          reason: options.reason,
          until: options.until,
          actor: 'cli' as const,
          nowMs,
          timeZone: policy.timeZone,
        };
        const target = await resolveTarget(store, ref);
        const hold =
          target.scope === 'device'
            ? await holdDevice(firmware, { deviceId: target.deviceId, name: target.name }, request)
            : await holdModel(firmware, target.model, request);
        if (options.json) deps.out.write(`${JSON.stringify({ hold }, null, 2)}\n`);
        else
          deps.out.write(
            `Held ${target.scope === 'device' ? (target.name ?? target.deviceId) : `every ${target.model}`} until ${hold.until}: ${hold.reason}\n`,
          );
      });
    });

  group
    .command('release')
    .description('release the holds on a device or a model (it goes back to its policy)')
    .argument('<device|model>', 'device name, id, address or MAC, or a model')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (ref, options) => {
      await withFirmwareContext(options, deps, false, async ({ store, firmware, nowMs }) => {
        const target = await resolveTarget(store, ref);
        const released = await releaseHolds(
          firmware,
          target.scope === 'device'
            ? { scope: 'device', deviceId: target.deviceId, ...(target.name ? { name: target.name } : {}) }
            : target,
          { actor: 'cli', nowMs },
        );
        if (options.json) deps.out.write(`${JSON.stringify({ released }, null, 2)}\n`);
        else if (released.length === 0)
          deps.out.write(`No hold set from the CLI on ${ref}. (Holds in iotwarden.yaml are released by editing it.)\n`);
        else deps.out.write(`Released ${released.length} hold${released.length === 1 ? '' : 's'} on ${ref}.\n`);
      });
    });

  group
    .command('log')
    .description('the firmware audit log: checks, installs, holds, releases, policy and catalogue changes')
    .option('--device <device>', 'only entries about this device')
    .option('--limit <n>', 'only the newest n entries', (text) => Number.parseInt(text, 10))
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      await withFirmwareContext(options, deps, true, async ({ store, firmware }) => {
        let deviceId: string | undefined;
        if (options.device !== undefined) {
          const found = await store.device(options.device);
          if (!found) throw new UsageError(`no device matches "${options.device}"`, { code: 'ERR_NO_DEVICE' });
          deviceId = found.deviceId;
        }
        if (options.limit !== undefined && !(options.limit > 0)) {
          throw new UsageError('--limit must be a positive number', { code: 'ERR_USAGE' });
        }
        const entries = await firmware.auditEntries({
          ...(deviceId ? { deviceId } : {}),
          ...(options.limit ? { limit: options.limit } : {}),
        });
        if (options.json) {
          deps.out.write(`${JSON.stringify({ entries }, null, 2)}\n`);
          return;
        }
        const names = new Map((await store.devices()).map((d) => [d.deviceId, d.name ?? d.address]));
        deps.out.write(`${renderLog(entries, names, width())}\n`);
      });
    });

  registerCatalogCommands(program, deps);
}

type HoldTarget = { scope: 'device'; deviceId: string; name: string | undefined } | { scope: 'model'; model: string };

/** A device (by id, name, address or MAC) first; else a model some known device has. */
async function resolveTarget(store: Store, ref: string): Promise<HoldTarget> {
  const device = await store.device(ref);
  if (device) return { scope: 'device', deviceId: device.deviceId, name: device.name };
  const models = (await store.devices()).flatMap((d) => (d.facts.device?.model ? [d.facts.device.model] : []));
  if (models.some((model) => modelMatches(ref, model))) return { scope: 'model', model: ref.trim() };
  throw new UsageError(
    `"${ref}" is neither a known device nor the model of one (known models: ${[...new Set(models)].sort().join(', ') || 'none'})`,
    { code: 'ERR_NO_DEVICE' },
  );
}

function catalogueJson(catalogue: FirmwareCatalogue): Record<string, unknown> {
  return {
    serial: catalogue.serial,
    published: catalogue.document.published,
    origin: catalogue.origin.kind,
    source: catalogue.origin.source,
    keyId: catalogue.origin.keyId,
  };
}
