/**
 * The work of the always-on process, each as a job: scan the configured networks, import new DNS queries, check
 * firmware, run the maintenance window, and an install asked for through the API. Each re-reads iotwarden.yaml, so
 * edits apply without a restart, publishes live events, and hands what it learnt to the notifier.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import { livePortResolver } from '../../net/port-overrides.ts';
import { openStore } from '../../store/index.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { analyseDnsIfImported } from '../dns/analyse-dns.ts';
import { selectSources } from '../dns/dns-sources.ts';
import { importSources } from '../dns/run-import.ts';
import { applyFirmware } from '../firmware/apply-command.ts';
import type { RolloutEntry } from '../firmware/rollout-types.ts';
import { firmwareCheck, maintenanceWindow } from '../firmware/scheduler-jobs.ts';
import type { JobContext, JobOutcome, JobWork } from '../jobs/job-runner.ts';
import { eventsFromDecisions, eventsFromDns, eventsFromScan, newFindingsOf } from '../notify/derive-events.ts';
import type { Notifier } from '../notify/notifier.ts';
import { scanAndAudit } from '../scan/scan-and-audit.ts';

export interface ServeJobsOptions {
  db: string;
  config: () => IotwardenConfig;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
  notifier: Notifier;
}

/** Scans the configured networks (or `targets`, which must lie inside them) and audits what it finds. */
export function scanJob(options: ServeJobsOptions): JobWork {
  return async ({ jobId, signal, events }) => {
    const config = options.config();
    if (config.networks.length === 0) {
      throw new UsageError('no networks in iotwarden.yaml: add the networks to scan under networks:', {
        code: 'ERR_NO_NETWORKS',
      });
    }
    const before = await firstScan(options.db);
    let lastProgress = '';
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
      progress: undefined,
      log: options.log,
      signal,
      onProgress: (p) => {
        // Discovery reports every probe; the stream needs a line per percent, not thousands per second.
        const key = `${p.phase}:${p.percent}`;
        if (key === lastProgress) return;
        lastProgress = key;
        events.publish({ type: 'scan-progress', jobId, ...p });
      },
    });
    const byAddress = new Map(result.model.devices.flatMap((d) => d.addresses.map((a) => [a, d] as const)));
    const news = newFindingsOf(result.record, (address) => byAddress.get(address)?.findings ?? []);
    for (const change of result.record.changes) {
      if (change.kind === 'device-new' || change.kind === 'device-gone' || change.kind === 'device-returned') {
        events.publish({ type: 'device', deviceId: change.deviceId, change: change.kind.slice(7) as 'new' });
      }
    }
    for (const { deviceId, checkId, severity, title } of news) {
      events.publish({ type: 'finding', deviceId, checkId, severity, title });
    }
    const labelOf = (_id: string, address: string) => byAddress.get(address)?.name ?? address;
    const found = eventsFromScan(result.record, news, options.clock.now(), labelOf);
    await options.notifier.record(found, { baseline: before });
    const { devices, summary } = result.model;
    return {
      summary: `Scan ${result.status}: ${devices.length} devices, home score ${summary.homeScore}, ${result.record.changes.length} changes.`,
      result: {
        scanId: result.record.scanId,
        status: result.status,
        devices: devices.length,
        changes: result.record.changes.length,
      },
    };
  };
}

/** True when the inventory has no complete scan yet (so the coming one is the baseline, not news). */
async function firstScan(db: string): Promise<boolean> {
  const store = await openStore(db);
  try {
    return !(await store.scans({ limit: 20 })).some((s) => s.status === 'complete');
  } finally {
    await store.close();
  }
}

/** Imports what is new from every configured DNS source, then looks for new destinations and beacons. */
export function dnsImportJob(options: ServeJobsOptions): JobWork {
  return async ({ signal }) => {
    const config = options.config();
    const readers = selectSources({}, config.dns.sources, options.env);
    const store = await openStore(options.db);
    const outcomes = await importSources(store, readers, { signal }).finally(() => store.close());
    const failed = outcomes.filter((o) => !o.ok);
    const imported = outcomes.reduce((sum, o) => sum + (o.ok ? o.result.imported : 0), 0);
    if (imported > 0) await notifyDns(options, config);
    const summary = `Imported ${imported} queries from ${outcomes.length - failed.length} of ${outcomes.length} sources.`;
    if (failed.length > 0 && failed.length === outcomes.length) {
      throw new UsageError(`${summary} ${failed.map((f) => (f.ok ? '' : f.message)).join('; ')}`, {
        code: failed[0] && !failed[0].ok ? failed[0].code : 'ERR_DNS_SOURCE',
      });
    }
    return { summary, result: { imported, outcomes } };
  };
}

async function notifyDns(options: ServeJobsOptions, config: IotwardenConfig): Promise<void> {
  const store = await openStore(options.db);
  try {
    const analysis = await analyseDnsIfImported(store, { userDomains: config.dns.domains });
    if (!analysis) return;
    // The first analysis learns the home: what it finds is remembered, not announced.
    const baseline = (await options.notifier.seen('dns-baseline')) === false;
    await options.notifier.record(eventsFromDns(analysis.devices, options.clock.now()), { baseline });
    if (baseline) await options.notifier.markSeen('dns-baseline');
  } finally {
    await store.close();
  }
}

/** Recomputes firmware state from the latest scan; decisions the owner must take become notifications. */
export function firmwareCheckJob(options: ServeJobsOptions): JobWork {
  return async ({ signal }) => {
    const result = await firmwareCheck(options, signal, false);
    await options.notifier.record(eventsFromDecisions(result.decisions, options.clock.now()));
    await options.notifier.collectAudit(options.db);
    const counts = Object.entries(result.counts).map(([action, n]) => `${n} ${action}`);
    return { summary: `Checked ${result.devices} devices: ${counts.join(', ') || 'nothing to report'}.`, result };
  };
}

/** The maintenance window: installs what policy allows now; each device step is published as it ends. */
export function maintenanceJob(options: ServeJobsOptions): JobWork {
  return async (context) => {
    const report = await maintenanceWindow({ ...options, onStep: stepPublisher(context) }, context.signal);
    await options.notifier.collectAudit(options.db);
    return rolloutOutcome(report.entries, report.halted.length);
  };
}

/** `firmware apply` through the API: the same use case and guardrails as the CLI's. */
export function firmwareApplyJob(
  options: ServeJobsOptions,
  request: { deviceRefs: readonly string[] | undefined; now: boolean },
): JobWork {
  return async (context) => {
    const store = await openStore(options.db);
    try {
      const outcome = await applyFirmware({
        store,
        config: options.config(),
        deviceRefs: request.deviceRefs,
        now: request.now,
        connectPort: livePortResolver,
        clock: options.clock,
        log: options.log,
        signal: context.signal,
        onStep: stepPublisher(context),
      });
      await options.notifier.collectAudit(options.db);
      if (outcome.status === 'interrupted') return { summary: 'Interrupted; the next run verifies, never reinstalls.' };
      return rolloutOutcome(outcome.report.entries, outcome.report.halted.length, outcome.report);
    } finally {
      await store.close();
    }
  };
}

function stepPublisher({ jobId, events }: JobContext): (entry: RolloutEntry) => void {
  return (entry) =>
    events.publish({
      type: 'rollout-step',
      jobId,
      deviceId: entry.deviceId,
      name: entry.name,
      action: entry.action,
      reason: entry.reason,
    });
}

function rolloutOutcome(entries: readonly RolloutEntry[], halted: number, result?: unknown): JobOutcome {
  const count = (action: string) => entries.filter((e) => e.action === action).length;
  return {
    summary: `${count('updated')} updated, ${count('failed')} failed, ${count('not-allowed')} not allowed now${halted ? `, ${halted} rollouts halted` : ''}.`,
    result: result ?? { entries },
  };
}
