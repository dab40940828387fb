import { runChecks } from '../../checks/catalogue.ts';
import { scoreDevice } from '../../checks/score.ts';
import type { HostFacts } from '../../families/facts.ts';
import type { RecordScanResult, Store } from '../../store/index.ts';
import { analyseDnsIfImported, attachDnsByIdentity } from '../dns/analyse-dns.ts';
import { buildReportModel } from '../report/build-report-model.ts';
import type { ReportModel } from '../report/report-model.ts';
import type { ScanOutcome } from './run-scan.ts';

export interface AuditedScan {
  model: ReportModel;
  record: RecordScanResult;
}

/**
 * Runs the check catalogue on every host of a scan, stores the scan (identities, history, findings, changes) and
 * builds the report model with the store's device ids, so `scan --json` ids match `iotwarden device <id>`.
 */
export async function auditScan(
  outcome: ScanOutcome,
  meta: { targets: string[]; ports: string },
  store: Store,
): Promise<AuditedScan> {
  // With DNS data imported, each host carries its DNS profile so the privacy checks judge it too.
  const dns = await analyseDnsIfImported(store);
  const hosts = dns ? attachDnsByIdentity(outcome.hosts, dns) : outcome.hosts;
  const context = { hosts };
  const results = hosts.map((host) => {
    const { findings, skipped } = runChecks(host, context);
    return { host, findings, skipped, score: scoreDevice(findings).score };
  });
  const record = await store.recordScan({
    startedMs: outcome.startedMs,
    finishedMs: outcome.finishedMs,
    targets: meta.targets,
    ports: meta.ports,
    status: outcome.status,
    hosts: results,
  });
  const idByAddress = new Map(record.devices.map((d) => [d.address, d.deviceId]));
  const model = buildReportModel(hosts, {
    scannedAt: new Date(outcome.finishedMs),
    idOf: (host: HostFacts) => idByAddress.get(host.address) ?? host.address,
  });
  return { model, record };
}
