import type { CredentialEntry } from '../../config/config-schema.ts';
import { credentialLookup } from '../../config/credential-lookup.ts';
import { portResolverFrom, readLivePortMaps } from '../../net/port-overrides.ts';
import { parsePortSpec } from '../../net/ports.ts';
import { describeProgress, renderProgress } from '../../net/progress.ts';
import { parseTargets } from '../../net/targets.ts';
import { openStore, type RecordScanResult, resolveDbPath } from '../../store/index.ts';
import type { Logger } from '../../util/logger.ts';
import type { ReportModel } from '../report/report-model.ts';
import { auditScan } from './audit-scan.ts';
import { runScan } from './run-scan.ts';

/** A scan as the CLI (and later the scheduler and the HTTP API) asks for it. */
export interface ScanInvocation {
  targets: string[];
  ports: string;
  allowLarge: boolean;
  credentialEntries: CredentialEntry[];
  credentialChecks: boolean;
  leaseFiles: string[];
  connectTimeoutMs: number | undefined;
  requestTimeoutMs: number | undefined;
  connectConcurrency: number | undefined;
  db: string | undefined;
  /** Where to draw progress (stderr), or nothing. */
  progress: (NodeJS.WritableStream & { isTTY?: boolean }) | undefined;
  log: Logger;
  signal?: AbortSignal;
  /** Told how the scan is going (the API streams it): discovery, then each host inspected. */
  onProgress?: (progress: ScanProgress) => void;
}

/** Where a running scan is, for a live display. */
export interface ScanProgress {
  phase: 'discovery' | 'inspection';
  /** 0 to 100 within the phase. */
  percent: number;
  text: string;
}

export interface ScanResult {
  status: 'complete' | 'cancelled';
  targets: string[];
  ports: string;
  elapsedMs: number;
  model: ReportModel;
  record: RecordScanResult;
  problems: Array<{ address: string; message: string }>;
}

/**
 * The whole core loop: validate scope, discover, identify, inspect, check, store. Scope errors (a target too large,
 * a bad port spec) are thrown before a single packet is sent.
 */
export async function scanAndAudit(invocation: ScanInvocation): Promise<ScanResult> {
  const targets = parseTargets(invocation.targets, { allowLarge: invocation.allowLarge });
  const ports = parsePortSpec(invocation.ports);
  const dbPath = resolveDbPath(invocation.db === undefined ? {} : { flag: invocation.db });
  // Open the store first: a locked or corrupt database should fail the scan before any traffic, not after it.
  const store = await openStore(dbPath);
  try {
    // A running lab that shifted its ports publishes a map; real networks simply have none.
    const resolvePort = portResolverFrom(readLivePortMaps());
    const display = invocation.progress ? renderProgress(invocation.progress) : undefined;
    const outcome = await runScan({
      targets,
      ports,
      credentials: credentialLookup(invocation.credentialEntries),
      credentialChecks: invocation.credentialChecks,
      connectPort: resolvePort,
      leaseFiles: invocation.leaseFiles,
      ...(invocation.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: invocation.connectTimeoutMs }),
      ...(invocation.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: invocation.requestTimeoutMs }),
      ...(invocation.connectConcurrency === undefined ? {} : { connectConcurrency: invocation.connectConcurrency }),
      ...(invocation.signal ? { signal: invocation.signal } : {}),
      log: invocation.log,
      onDiscoveryProgress: (p) => {
        display?.onProgress(p);
        invocation.onProgress?.({
          phase: 'discovery',
          percent: percentOf(p.probesDone, p.probesTotal),
          text: describeProgress(p),
        });
      },
      ...(invocation.onProgress
        ? {
            onHostInspected: (done: number, total: number) =>
              invocation.onProgress?.({
                phase: 'inspection',
                percent: percentOf(done, total),
                text: `inspected ${done} of ${total} hosts`,
              }),
          }
        : {}),
    }).finally(() => display?.stop());
    for (const problem of outcome.problems) invocation.log.debug(problem, 'inspection problem');
    const { model, record } = await auditScan(outcome, { targets: invocation.targets, ports: invocation.ports }, store);
    return {
      status: outcome.status,
      targets: invocation.targets,
      ports: invocation.ports,
      elapsedMs: outcome.finishedMs - outcome.startedMs,
      model,
      record,
      problems: outcome.problems,
    };
  } finally {
    await store.close();
  }
}

function percentOf(done: number, total: number): number {
  return total <= 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
}
