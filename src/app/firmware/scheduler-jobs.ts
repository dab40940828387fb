import type { IotwardenConfig } from '../../config/config-schema.ts';
import { openStore, type Store } from '../../store/index.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { gatedLookup } from '../scan/credential-gate.ts';
import { scanAndAudit } from '../scan/scan-and-audit.ts';
import { rolloutCandidates, runFirmwareApply } from './apply-session.ts';
import { activeCatalogue } from './catalogue-load.ts';
import { decide, loadPolicy } from './policy-engine.ts';
import { auditAlertOnce } from './rollout-alerts.ts';
import type { RolloutReport } from './rollout-types.ts';
import type { SchedulerJob } from './scheduler.ts';

/**
 * The firmware jobs of `iotwarden run`: a periodic check (rescan the configured networks, recompute firmware state,
 * alert at once on held devices with a critical fix) and the maintenance-window job (run the update engine; it
 * installs only where policy and the window allow). Each run re-reads the config and opens the database afresh (one
 * connection for the whole run, scan included), so edits to iotwarden.yaml apply without a restart and no connection
 * stays open between runs.
 */

export interface FirmwareJobsOptions {
  /** The inventory database file (resolved). */
  db: string;
  /** Re-read before every run. */
  config: () => IotwardenConfig;
  log: Logger;
  clock?: Clock;
  /** Default: every 6 hours, on the hour. */
  checkPattern?: string;
  /** Default: every 5 minutes; outside the window a run changes nothing. */
  windowPattern?: string;
}

export const DEFAULT_CHECK_PATTERN = '0 */6 * * *';
export const DEFAULT_WINDOW_PATTERN = '*/5 * * * *';

export function firmwareJobs(options: FirmwareJobsOptions): SchedulerJob[] {
  const clock = options.clock ?? systemClock;
  return [
    {
      name: 'firmware-check',
      pattern: options.checkPattern ?? DEFAULT_CHECK_PATTERN,
      run: (signal) => check(options, clock, signal),
    },
    {
      name: 'maintenance-window',
      pattern: options.windowPattern ?? DEFAULT_WINDOW_PATTERN,
      run: (signal) => maintain(options, clock, signal),
    },
  ];
}

async function check(options: FirmwareJobsOptions, clock: Clock, signal: AbortSignal): Promise<void> {
  const config = options.config();
  const { log } = options;
  await withJobStore(options, async (store) => {
    if (config.networks.length > 0) {
      const result = await scanAndAudit({
        targets: config.networks,
        ports: config.scan.ports ?? 'default',
        allowLarge: false,
        credentialEntries: config.credentials,
        credentialChecks: config.scan.credentialChecks ?? true,
        leaseFiles: config.scan.dhcpLeases ? [config.scan.dhcpLeases] : [],
        connectTimeoutMs: config.scan.connectTimeoutMs,
        requestTimeoutMs: config.scan.requestTimeoutMs,
        connectConcurrency: config.scan.concurrency,
        db: options.db,
        store,
        progress: undefined,
        log,
        signal,
      });
      log.info({ devices: result.model.devices.length, status: result.status }, 'rescanned the configured networks');
    } else {
      log.warn('no networks in iotwarden.yaml: firmware state comes from the last scan only');
    }
    const { firmware } = store;
    const catalogue = await activeCatalogue(firmware, { onWarning: (message) => log.warn(message) });
    const candidates = await rolloutCandidates(store, catalogue);
    const policy = loadPolicy(config.firmware, await firmware.activeHolds());
    const nowMs = clock.now();
    const counts: Record<string, number> = {};
    for (const candidate of candidates) {
      const decision = decide(candidate.device, candidate.state, policy, nowMs);
      counts[decision.action] = (counts[decision.action] ?? 0) + 1;
      if (decision.alert) await auditAlertOnce(firmware, candidate, decision.alert, { actor: 'scheduler', nowMs, log });
    }
    const summary = Object.entries(counts)
      .map(([action, count]) => `${count} ${action}`)
      .join(', ');
    await firmware.appendAudit({
      timeMs: nowMs,
      actor: 'scheduler',
      action: 'check',
      result: 'info',
      detail: `Checked the firmware of ${candidates.length} devices (catalogue serial ${catalogue.serial}): ${summary || 'nothing to report'}.`,
      data: counts,
    });
  });
}

async function maintain(options: FirmwareJobsOptions, clock: Clock, signal: AbortSignal): Promise<void> {
  const config = options.config();
  const { log } = options;
  await withJobStore(options, async (store) => {
    const report = await runFirmwareApply({
      store,
      firmware: store.firmware,
      rollouts: store.rollouts,
      catalogue: await activeCatalogue(store.firmware, { onWarning: (message) => log.warn(message) }),
      policyConfig: config.firmware,
      credentials: await gatedLookup(store, config.credentials),
      clock,
      log,
      signal,
      actor: 'scheduler',
      now: false,
    });
    logReport(log, report);
  });
}

/** One run's connection to the database, closed when the run ends however it ends. */
async function withJobStore(options: FirmwareJobsOptions, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(options.db, { onNotice: (message) => options.log.warn(message) });
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

function logReport(log: Logger, report: RolloutReport): void {
  for (const entry of report.entries) {
    if (entry.action === 'updated') log.info({ device: entry.name }, entry.reason);
    else if (entry.action === 'failed') log.error({ device: entry.name }, entry.reason);
    else if (entry.action === 'not-started' || entry.action === 'stopped')
      log.warn({ device: entry.name }, entry.reason);
    else log.debug({ device: entry.name, decision: entry.decision }, entry.reason);
  }
  for (const halt of report.halted)
    log.error({ model: halt.model, until: halt.holdUntil }, `rollout stopped: ${halt.reason}`);
}
