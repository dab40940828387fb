import type { CredentialEntry } from '../../config/config-schema.ts';
import type { HostFacts } from '../../families/facts.ts';
import { type PortResolver, portResolverFrom, readLivePortMaps } from '../../net/port-overrides.ts';
import { parsePortSpec } from '../../net/ports.ts';
import { describeProgress, renderProgress } from '../../net/progress.ts';
import { parseTargets } from '../../net/targets.ts';
import { openStore, type RecordScanResult, resolveDbPath, type ScanSession, type Store } from '../../store/index.ts';
import type { Logger } from '../../util/logger.ts';
import { analyseDnsIfImported } from '../dns/analyse-dns.ts';
import { secretCredentialEntries } from '../fix/secret-credentials.ts';
import type { ReportModel } from '../report/report-model.ts';
import { auditScan, HostJournal } from './audit-scan.ts';
import { CredentialGate, type WithheldCredential } from './credential-gate.ts';
import { runScan, type ScanOutcome } from './run-scan.ts';

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
  /** The process's open store, when the caller has one (then `db` is not opened again, and the store stays open). */
  store?: Store;
  /** Real port → port to connect to; by default the port maps of the labs running on this machine. */
  resolvePort?: PortResolver;
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
  /** Configured credentials the trust gate kept from hosts, and why. */
  withheld: WithheldCredential[];
}

/**
 * The whole core loop: validate scope, discover, identify, inspect, check, store. Scope errors (a target too large,
 * a bad port spec) and database problems (read-only, locked, damaged, a newer schema) are thrown before a single
 * packet is sent. Each host is kept in the database as soon as it is inspected, so a crash keeps what was found.
 */
export async function scanAndAudit(invocation: ScanInvocation): Promise<ScanResult> {
  const targets = parseTargets(invocation.targets, { allowLarge: invocation.allowLarge });
  const ports = parsePortSpec(invocation.ports);
  const store =
    invocation.store ?? (await openStore(resolveDbPath(invocation.db === undefined ? {} : { flag: invocation.db })));
  try {
    await store.preflight();
    // Read before the scan writes anything: the privacy checks judge each host against the imported DNS data.
    const dns = await analyseDnsIfImported(store);
    // Logins `fix apply` set with a generated password (secrets file beside the database) keep the devices readable.
    const credentialEntries = [...secretCredentialEntries(store.file), ...invocation.credentialEntries];
    // Who may receive the owner's credentials, as the inventory stands before this scan (issue 8).
    const gate = new CredentialGate({ entries: credentialEntries, view: await store.trust.view() });
    const session = await store.beginScan({
      startedMs: Date.now(),
      targets: invocation.targets,
      ports: invocation.ports,
    });
    const outcome = await scanKeepingHosts(
      { ...invocation, credentialEntries },
      session,
      new HostJournal(session, dns),
      { targets, ports, gate },
    );
    for (const problem of outcome.problems) invocation.log.debug(problem, 'inspection problem');
    const { model, record } = await auditScan(outcome, session, dns);
    await bindCredentials(store, gate, record);
    return {
      status: outcome.status,
      targets: invocation.targets,
      ports: invocation.ports,
      elapsedMs: outcome.finishedMs - outcome.startedMs,
      model,
      record,
      problems: outcome.problems,
      withheld: gate.withheld(),
    };
  } finally {
    if (!invocation.store) await store.close();
  }
}

/**
 * Runs the scan, keeping each host in the journal as it finishes. A failure to keep one (the disk filled up, the
 * file was locked or made read-only) stops the scan's traffic at once; whatever ends the scan early, the hosts kept
 * so far are recorded as a failed scan before the error is passed on.
 */
async function scanKeepingHosts(
  invocation: ScanInvocation,
  session: ScanSession,
  journal: HostJournal,
  scope: { targets: ReturnType<typeof parseTargets>; ports: number[]; gate: CredentialGate },
): Promise<ScanOutcome> {
  const stop = new AbortController();
  let storeFailure: { error: unknown } | undefined;
  const keep = async (facts: HostFacts): Promise<void> => {
    if (storeFailure) return;
    try {
      await journal.keep(facts);
    } catch (error) {
      storeFailure = { error };
      stop.abort(error);
    }
  };
  // A running lab that shifted its ports publishes a map; real networks simply have none.
  const resolvePort = invocation.resolvePort ?? portResolverFrom(readLivePortMaps());
  const display = invocation.progress ? renderProgress(invocation.progress) : undefined;
  try {
    const outcome = await runScan({
      targets: scope.targets,
      ports: scope.ports,
      credentials: () => undefined,
      credentialGate: scope.gate,
      credentialChecks: invocation.credentialChecks,
      connectPort: resolvePort,
      leaseFiles: invocation.leaseFiles,
      ...(invocation.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: invocation.connectTimeoutMs }),
      ...(invocation.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: invocation.requestTimeoutMs }),
      ...(invocation.connectConcurrency === undefined ? {} : { connectConcurrency: invocation.connectConcurrency }),
      signal: invocation.signal ? AbortSignal.any([invocation.signal, stop.signal]) : stop.signal,
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
      onHostFacts: keep,
    }).finally(() => display?.stop());
    if (storeFailure) throw storeFailure.error;
    return outcome;
  } catch (error) {
    // The journal may be what failed; then this fails too, and the next open records the scan as interrupted.
    await session.abandon('failed', Date.now()).catch(() => undefined);
    throw error;
  }
}

/**
 * Binds each credential the scan used to the device it went to, now that the record gave every host a device id: a
 * first use completes the binding (and trusts a device accepted by trustOnFirstUse or a device entry).
 */
async function bindCredentials(store: Store, gate: CredentialGate, record: RecordScanResult): Promise<void> {
  const idByAddress = new Map(record.devices.map((d) => [d.address, d.deviceId]));
  const uses = gate.granted().flatMap((granted) => {
    const deviceId = idByAddress.get(granted.address);
    if (!deviceId) return [];
    return [
      {
        deviceId,
        binding: granted.binding,
        origin: granted.origin,
        ...(granted.replaceCertificate ? { replaceCertificate: true } : {}),
      },
    ];
  });
  await store.trust.recordUses(uses);
}

function percentOf(done: number, total: number): number {
  return total <= 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
}
