/**
 * The write side of firmware management: `firmware apply`, `fix auto-update <device>` and `iotwarden run` (the
 * background scheduler). Thin: parse, open the stores, call the use case, print.
 */
import type { Writable } from 'node:stream';
import type { Command } from '@commander-js/extra-typings';
import { applyReportJson, renderApplyReport } from '../../app/firmware/apply-report-text.ts';
import { livePortResolver, runFirmwareApply } from '../../app/firmware/apply-session.ts';
import { enableAutoUpdate } from '../../app/firmware/auto-update.ts';
import { activeCatalogue } from '../../app/firmware/catalogue-load.ts';
import { startScheduler } from '../../app/firmware/scheduler.ts';
import { firmwareJobs } from '../../app/firmware/scheduler-jobs.ts';
import { credentialLookup } from '../../config/credential-lookup.ts';
import { UsageError } from '../../errors/index.ts';
import type { InstallDevice } from '../../families/installer.ts';
import type { PortResolver } from '../../net/port-overrides.ts';
import { resolveDbPath, type Store } from '../../store/index.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { createLogger, type Logger } from '../../util/logger.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import { EXIT_FAILURE, EXIT_USAGE } from '../run-cli.ts';
import { firmwareCommandGroup } from './firmware-read.ts';

/** Seams for tests: clock, output, logger, lab port maps, reboot timing, and how `run` waits for a stop signal. */
export interface FirmwareApplyDeps {
  clock: Clock;
  out: Writable;
  log: Logger;
  connectPort: () => PortResolver;
  timing?: { requestTimeoutMs?: number; pollIntervalMs?: number; maxRebootWaitMs?: number };
  /** Resolves when the process should stop (SIGINT or SIGTERM by default). */
  waitForStop: () => Promise<void>;
  setExitCode: (code: number) => void;
}

function defaultDeps(): FirmwareApplyDeps {
  return {
    clock: systemClock,
    out: process.stdout,
    log: createLogger(process.env.IOTWARDEN_LOG_LEVEL ?? 'info'),
    connectPort: livePortResolver,
    waitForStop: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

/** The `fix` command group, shared with other `fix …` commands. */
function fixCommandGroup(program: Command): Command {
  const existing = program.commands.find((command) => command.name() === 'fix');
  if (existing) return existing as unknown as Command;
  return program.command('fix').description("change a device's settings to fix a finding");
}

async function deviceIds(store: Store, refs: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const ref of refs) {
    const found = await store.device(ref);
    if (!found) throw new UsageError(`no device matches "${ref}" (try iotwarden devices)`, { code: 'ERR_NO_DEVICE' });
    ids.add(found.deviceId);
  }
  return ids;
}

/** Ctrl-C during an apply stops it between steps; the rollout table lets the next run resume. */
function interruptible(): { signal: AbortSignal; release: () => void } {
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  return { signal: abort.signal, release: () => process.off('SIGINT', onSignal) };
}

export function registerFirmwareApplyCommands(program: Command, overrides: Partial<FirmwareApplyDeps> = {}): void {
  const deps = { ...defaultDeps(), ...overrides };

  firmwareCommandGroup(program)
    .command('apply')
    .description('install firmware updates policy allows, canary first, with a health check after each device')
    .option('--device <device...>', 'only these devices (id, name, address or MAC)')
    .option('--now', 'do not wait for the maintenance window (holds, notify, decisions and canaries still apply)')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config);
      const now = options.now === true;
      await withStore(options.db, async (store) => {
        const { firmware, rollouts } = store;
        const stop = interruptible();
        try {
          const only = options.device ? await deviceIds(store, options.device) : undefined;
          const running = runFirmwareApply({
            store,
            firmware,
            rollouts,
            catalogue: await activeCatalogue(firmware, { onWarning: (m) => deps.log.warn(m) }),
            policyConfig: config.firmware,
            credentials: credentialLookup(config.credentials),
            credentialChecks: config.scan.credentialChecks ?? true,
            connectPort: deps.connectPort,
            clock: deps.clock,
            log: deps.log,
            signal: stop.signal,
            actor: 'cli',
            now,
            ...(only ? { onlyDevices: only } : {}),
            ...(deps.timing ? { timing: deps.timing } : {}),
          });
          const report = await running.catch((error: unknown) => {
            if (!stop.signal.aborted) throw error;
            return undefined;
          });
          if (!report) {
            deps.out.write(
              'Interrupted. A device that was installing is verified, never reinstalled, by the next firmware apply.\n',
            );
            deps.setExitCode(EXIT_FAILURE);
            return;
          }
          deps.out.write(
            options.json ? `${JSON.stringify(applyReportJson(report), null, 2)}\n` : renderApplyReport(report, { now }),
          );
          if (report.entries.some((e) => e.action === 'failed')) deps.setExitCode(EXIT_FAILURE);
        } finally {
          stop.release();
        }
      });
    });

  fixCommandGroup(program)
    .command('auto-update')
    .description("switch on the device's own automatic updates, where it has such a switch")
    .argument('<device>', 'device id, name, address or MAC')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (ref, options) => {
      const { config } = readConfig(options.config);
      await withStore(options.db, async (store) => {
        const detail = await store.device(ref);
        if (!detail)
          throw new UsageError(`no device matches "${ref}" (try iotwarden devices)`, { code: 'ERR_NO_DEVICE' });
        const facts = detail.facts.device;
        const name = detail.name ?? detail.address;
        if (!facts) {
          throw new UsageError(
            `${name} was not identified as a known device family, so iotwarden knows no switch for it`,
            {
              code: 'ERR_NOT_IDENTIFIED',
            },
          );
        }
        const device: InstallDevice = {
          address: detail.address,
          facts,
          connectPort: (port, transport) => deps.connectPort()(detail.address, port, transport),
        };
        const result = await enableAutoUpdate(device, name, {
          signal: AbortSignal.timeout(30_000),
          timeoutMs: deps.timing?.requestTimeoutMs ?? 5000,
          maxBytes: 1 << 20,
          credentials: credentialLookup(config.credentials),
          clock: deps.clock,
          log: deps.log,
        });
        await store.firmware.appendAudit({
          timeMs: deps.clock.now(),
          actor: 'cli',
          action: 'auto-update',
          deviceId: detail.deviceId,
          result: result.status === 'enabled' ? 'ok' : 'skipped',
          detail: result.detail,
          ...(result.status === 'enabled' ? { data: { evidence: result.evidence } } : {}),
        });
        deps.out.write(
          options.json ? `${JSON.stringify({ device: detail.deviceId, ...result }, null, 2)}\n` : `${result.detail}\n`,
        );
        // The owner asked for something this device cannot do through iotwarden: not a success for scripts.
        if (result.status !== 'enabled') deps.setExitCode(EXIT_USAGE);
      });
    });

  program
    .command('run')
    .description('run the background scheduler: periodic firmware checks and the maintenance window (Ctrl-C stops)')
    .option('--check <cron>', 'when to rescan and check firmware (croner pattern)', '0 */6 * * *')
    .option('--window <cron>', 'how often to look for work in the maintenance window', '*/5 * * * *')
    .option('--once', 'run the check and the maintenance-window job once, then exit')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      const db = resolveDbPath(options.db === undefined ? {} : { flag: options.db });
      const initial = readConfig(options.config).config;
      const scheduler = startScheduler({
        jobs: firmwareJobs({
          db,
          config: () => readConfig(options.config).config,
          log: deps.log,
          clock: deps.clock,
          checkPattern: options.check,
          windowPattern: options.window,
        }),
        ...(initial.firmware?.timeZone ? { timeZone: initial.firmware.timeZone } : {}),
        log: deps.log,
      });
      if (options.once) {
        await scheduler.runNow('firmware-check');
        await scheduler.runNow('maintenance-window');
      } else {
        await deps.waitForStop();
      }
      await scheduler.stop();
    });
}
