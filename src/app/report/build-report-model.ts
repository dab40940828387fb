/** Turns the hosts of one scan into a report model: run the catalogue on each host, score, summarise, rank actions. */
import { CHECK_CATALOGUE, runChecks } from '../../checks/catalogue.ts';
import { type CheckDefinition, formatReferences } from '../../checks/check.ts';
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import { scoreDevice, scoreHome } from '../../checks/score.ts';
import { displayName } from '../../families/display-name.ts';
import type { HostFacts } from '../../families/facts.ts';
import type { CheckInfo, ReportDevice, ReportModel, ReportSummary } from './report-model.ts';
import { topActions } from './top-actions.ts';

export interface BuildReportOptions {
  scannedAt: Date | string;
  /** Defaults to the shipped catalogue; pass a longer list to add checks (e.g. `privacy.*`). */
  catalogue?: readonly CheckDefinition[];
  /** How many "do this first" items to keep (default 5). */
  topActionCount?: number;
  /** The store's id for a host, when the caller has one. */
  idOf?: (host: HostFacts) => string;
}

export function buildReportModel(hosts: readonly HostFacts[], options: BuildReportOptions): ReportModel {
  const catalogue = options.catalogue ?? CHECK_CATALOGUE;
  const devices = hosts.map((host) => toReportDevice(host, hosts, catalogue, options.idOf ?? defaultId));
  devices.sort((a, b) => a.score - b.score || (a.name ?? a.id).localeCompare(b.name ?? b.id));
  const scannedAt = typeof options.scannedAt === 'string' ? options.scannedAt : options.scannedAt.toISOString();
  const homeScore = scoreHome(devices.map((device) => device.score));
  const checks = catalogue.map(toCheckInfo);
  const model: ReportModel = {
    scannedAt,
    homeScore,
    devices,
    summary: summarise(devices, scannedAt, homeScore),
    topActions: [],
    checks,
  };
  model.topActions = topActions(model, options.topActionCount ?? 5);
  return model;
}

function toReportDevice(
  host: HostFacts,
  hosts: readonly HostFacts[],
  catalogue: readonly CheckDefinition[],
  idOf: (host: HostFacts) => string,
): ReportDevice {
  const { findings, skipped } = runChecks(host, { hosts }, catalogue);
  const { score, deductions } = scoreDevice(findings);
  const device = host.device;
  return {
    id: idOf(host),
    name: displayName(host) ?? null,
    family: device?.family ?? 'generic',
    addresses: [host.address],
    mac: host.mac ?? device?.mac ?? null,
    // Without an adapter, the MAC prefix still tells the maker (IEEE registry): better than nothing for the owner.
    vendor: device?.vendor ?? host.macVendor ?? null,
    model: device?.model ?? null,
    hwVersion: device?.hwVersion ?? null,
    firmware: { installed: device?.firmware.installed ?? null, latest: device?.firmware.latest ?? null },
    protocols: [...(device?.protocols ?? [])],
    services: host.services.map((service) => ({
      port: service.port,
      transport: service.transport,
      name: service.name,
    })),
    score,
    deductions,
    findings,
    skipped,
    ...(host.problems?.length ? { problems: [...host.problems] } : {}),
  };
}

/** MAC (lower case, colon-separated) when known, else the device's own id, else the address. */
function defaultId(host: HostFacts): string {
  const mac = host.mac ?? host.device?.mac;
  if (mac) {
    const hex = mac.replace(/[^0-9a-f]/gi, '').toLowerCase();
    if (hex.length === 12) return hex.match(/../g)!.join(':');
  }
  return host.device?.deviceId ?? host.address;
}

function summarise(devices: readonly ReportDevice[], scannedAt: string, homeScore: number): ReportSummary {
  const findings = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const device of devices) for (const finding of device.findings) findings[finding.severity] += 1;
  const worstSeverity = SEVERITIES.find((severity) => findings[severity] > 0) ?? null;
  const skipped = devices.reduce((sum, device) => sum + device.skipped.length, 0);
  return { scannedAt, homeScore, devices: devices.length, findings, skipped, worstSeverity };
}

function toCheckInfo(check: CheckDefinition): CheckInfo {
  return {
    id: check.id,
    title: check.title,
    severity: check.severity,
    severityRationale: check.severityRationale,
    explanation: check.explanation,
    action: check.action,
    references: formatReferences(check.references),
  };
}
