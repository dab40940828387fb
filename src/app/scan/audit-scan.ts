import { runChecks } from '../../checks/catalogue.ts';
import { scoreDevice } from '../../checks/score.ts';
import { markCloudOnly } from '../../families/cloud-only/classify.ts';
import type { HostFacts } from '../../families/facts.ts';
import type { HostScanResult, RecordScanResult, ScanSession } from '../../store/index.ts';
import { attachDnsByIdentity, type DnsAnalysis } from '../dns/analyse-dns.ts';
import { buildReportModel } from '../report/build-report-model.ts';
import type { ReportModel } from '../report/report-model.ts';
import { annotateIdentityConflicts } from './identity-conflicts.ts';
import type { ScanOutcome } from './run-scan.ts';

export interface AuditedScan {
  model: ReportModel;
  record: RecordScanResult;
}

/** The check catalogue's verdict on one host; `hosts` is the context some checks read (who a router exposes). */
function auditHost(host: HostFacts, hosts: readonly HostFacts[]): HostScanResult {
  const { findings, skipped } = runChecks(host, { hosts });
  return { host, findings, skipped, score: scoreDevice(findings).score };
}

/** With DNS data imported, each host carries its DNS profile so the privacy checks judge it too. */
function withDns(hosts: readonly HostFacts[], dns: DnsAnalysis | undefined): HostFacts[] {
  if (!dns) return [...hosts];
  // The names a device looked up can tell a cloud-only product that its MAC prefix alone could not (an Echo).
  return attachDnsByIdentity(hosts, dns).map((host) =>
    markCloudOnly(host, host.dns?.domains.map((domain) => domain.domain) ?? []),
  );
}

/**
 * Keeps each host in the scan's journal as soon as it is inspected, audited against the hosts seen so far, so a
 * crash mid-scan loses nothing already found. The final audit (auditScan) sees every host and supersedes these.
 */
export class HostJournal {
  readonly #session: ScanSession;
  readonly #dns: DnsAnalysis | undefined;
  readonly #seen: HostFacts[] = [];

  constructor(session: ScanSession, dns: DnsAnalysis | undefined) {
    this.#session = session;
    this.#dns = dns;
  }

  async keep(facts: HostFacts): Promise<void> {
    const [host] = withDns([facts], this.#dns);
    this.#seen.push(host!);
    await this.#session.recordHost(auditHost(host!, this.#seen));
  }
}

/**
 * Runs the check catalogue on every host of a scan, records the scan (identities, history, findings, changes) and
 * builds the report model with the store's device ids, so `scan --json` ids match `iotwarden device <id>`. Identity
 * conflicts are decided first, over all hosts, so both sides of one carry its finding.
 */
export async function auditScan(
  outcome: ScanOutcome,
  session: ScanSession,
  dns: DnsAnalysis | undefined,
): Promise<AuditedScan> {
  const hosts = withDns(outcome.hosts, dns);
  annotateIdentityConflicts(hosts, await session.identityConflicts(hosts));
  const record = await session.finish({
    status: outcome.status,
    startedMs: outcome.startedMs,
    finishedMs: outcome.finishedMs,
    hosts: hosts.map((host) => auditHost(host, hosts)),
  });
  const idByAddress = new Map(record.devices.map((d) => [d.address, d.deviceId]));
  const model = buildReportModel(hosts, {
    scannedAt: new Date(outcome.finishedMs),
    idOf: (host: HostFacts) => idByAddress.get(host.address) ?? host.address,
  });
  return { model, record };
}
