/**
 * `iotwarden dns report`: the analysis, narrowed to the devices asked for, with each device's `privacy.*`
 * findings. The same findings the HTML report shows, because both run the catalogue on the same facts.
 */
import { CHECK_CATALOGUE, runChecks } from '../../checks/catalogue.ts';
import type { Finding } from '../../checks/finding.ts';
import { UsageError } from '../../errors/index.ts';
import type { Store } from '../../store/index.ts';
import {
  type AnalyseDnsOptions,
  analyseDns,
  type DeviceDnsReport,
  type DnsAnalysis,
  hostsWithDns,
} from './analyse-dns.ts';

export interface DnsReport {
  analysis: DnsAnalysis;
  /** The devices asked for (all with DNS data when none was named). */
  devices: DeviceDnsReport[];
  /** `privacy.*` findings per device id. */
  findings: Map<string, Finding[]>;
}

const PRIVACY_CHECKS = CHECK_CATALOGUE.filter((check) => check.id.startsWith('privacy.'));

export async function dnsReport(
  store: Store,
  refs: readonly string[],
  options: AnalyseDnsOptions = {},
): Promise<DnsReport> {
  const wanted: string[] = [];
  for (const ref of refs) {
    const device = await store.device(ref);
    if (!device) throw new UsageError(`no device matches "${ref}" (try iotwarden devices)`, { code: 'ERR_NO_DEVICE' });
    wanted.push(device.deviceId);
  }
  const analysis = await analyseDns(store, options);
  const summaries = await store.devices();
  const hosts = hostsWithDns(summaries, analysis);
  const findings = new Map<string, Finding[]>();
  summaries.forEach((summary, index) => {
    const result = runChecks(hosts[index]!, { hosts }, PRIVACY_CHECKS);
    if (result.findings.length > 0) findings.set(summary.deviceId, result.findings);
  });
  const devices = wanted.length === 0 ? analysis.devices : analysis.devices.filter((d) => wanted.includes(d.deviceId));
  return { analysis, devices, findings };
}

/** The analysis with each device's privacy findings, without the internal host facts. */
export function dnsReportJson(result: DnsReport): Record<string, unknown> {
  const devices = result.devices.map(({ host: _host, ...device }) => ({
    ...device,
    findings: result.findings.get(device.deviceId) ?? [],
  }));
  const { devices: _all, ...analysis } = result.analysis;
  return { ...analysis, devices };
}
