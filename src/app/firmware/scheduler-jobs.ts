import type { IotwardenConfig } from '../../config/config-schema.ts';
import { openStore, type Store } from '../../store/index.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { gatedLookup } from '../scan/credential-gate.ts';
import { scanAndAudit } from '../scan/scan-and-audit.ts';
import { rolloutCandidates, runFirmwareApply } from './apply-session.ts';
import { activeCatalogue } from './catalogue-load.ts';
import { installTarget } from './policy-decide.ts';
import { decide, loadPolicy } from './policy-engine.ts';
import { auditAlertOnce } from './rollout-alerts.ts';
import type { RolloutEntry, RolloutReport } from './rollout-types.ts';

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
  /** Told about each device step of a rollout as it ends. */
  onStep?: (entry: RolloutEntry) => void;
}

/** What a check found: counts per decision, and the devices whose update needs the owner's decision. */
export interface FirmwareCheckResult {
  devices: number;
  counts: Record<string, number>;
  decisions: Array<{ deviceId: string; name: string; target: string | undefined; reason: string }>;
}

export const DEFAULT_CHECK_PATTERN = '0 */6 * * *';
export const DEFAULT_WINDOW_PATTERN = '*/5 * * * *';

/**
 * The periodic firmware check: with `rescan`, first scan the configured networks (`run --once`; the always-on
 * process has a scan job of its own and passes false), then recompute every device's firmware state, alert at once
 * on held devices with a critical fix, and write one `check` entry to the audit log.
 */
export function firmwareCheck(
  options: FirmwareJobsOptions,
  signal: AbortSignal,
  rescan: boolean,
): Promise<FirmwareCheckResult> {
  return check(options, options.clock ?? systemClock, signal, rescan);
}

/** The maintenance-window job: the update engine, which installs only where policy and the window allow. */
export function maintenanceWindow(options: FirmwareJobsOptions, signal: AbortSignal): Promise<RolloutReport> {
  return maintain(options, options.clock ?? systemClock, signal);
}

async function check(
  options: FirmwareJobsOptions,
  clock: Clock,
  signal: AbortSignal,
  rescan: boolean,
): Promise<FirmwareCheckResult> {
  const config = options.config();
  const { log } = options;
  return withJobStore(options, async (store) => {
    if (!rescan) {
      // The always-on process scans in a job of its own.
    } else if (config.networks.length > 0) {
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
    const decisions: FirmwareCheckResult['decisions'] = [];
    for (const candidate of candidates) {
      const decision = decide(candidate.device, candidate.state, policy, nowMs);
      counts[decision.action] = (counts[decision.action] ?? 0) + 1;
      if (decision.action === 'decision-needed') {
        const { deviceId, name } = candidate.device;
        decisions.push({
          deviceId,
          name: name ?? deviceId,
          target: installTarget(candidate.device, candidate.state),
          reason: decision.reason,
        });
      }
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
    return { devices: candidates.length, counts, decisions };
  });
}

async function maintain(options: FirmwareJobsOptions, clock: Clock, signal: AbortSignal): Promise<RolloutReport> {
  const config = options.config();
  const { log } = options;
  return withJobStore(options, async (store) => {
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
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
    logReport(log, report);
    return report;
  });
}

/** One run's connection to the database, closed when the run ends however it ends. */
async function withJobStore<T>(options: FirmwareJobsOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(options.db, { onNotice: (message) => options.log.warn(message) });
  try {
    return await work(store);
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
