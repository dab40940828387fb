import type { ReportModel } from '../../app/report/report-model.ts';
import { withheldText } from '../../app/scan/credential-gate.ts';
import type { ScanResult } from '../../app/scan/scan-and-audit.ts';
import { SEVERITIES } from '../../checks/finding.ts';
import type { ScanChange } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { paint, SEVERITY_STYLE, scoreStyle } from './color.ts';
import { renderDeviceTable, renderFindingTable } from './report-tables.ts';

type Out = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The human answer to `iotwarden scan`: what is there, what is wrong, what changed, what to do first. */
export function printScanSummary(out: Out, result: ScanResult, color: boolean): void {
  const width = Math.min(out.columns ?? 100, 120);
  const { model } = result;
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const cancelled = result.status === 'cancelled' ? paint(' (cancelled: partial results)', 'yellow', color) : '';
  out.write(
    `Scanned ${sanitizeText(result.targets.join(', '))} (${result.ports} ports) in ${seconds} s${cancelled}: ` +
      `${model.devices.length} devices, home score ${paint(`${model.homeScore}/100`, scoreStyle(model.homeScore), color)}.\n\n`,
  );
  out.write(`${renderDeviceTable(model, { width, color })}\n\n`);
  out.write(`${severityLine(model, color)}\n`);
  out.write(`${renderFindingTable(model, { width, color })}\n`);
  const problems = problemLines(model);
  if (problems.length > 0) out.write(`\n${problems.join('\n')}\n`);
  if (result.withheld.length > 0) {
    const lines = result.withheld.map((w) => `  - ${sanitizeText(withheldText(w), { maxLength: 400 })}`);
    out.write(`\nCredentials kept back (iotwarden trust --help explains why):\n${lines.join('\n')}\n`);
  }
  const changes = describeChanges(result.record.changes, model);
  const firstScan = result.record.devices.length > 0 && result.record.devices.every((d) => d.matchedBy === 'new');
  if (firstScan)
    out.write(`\nFirst scan of this network: ${result.record.devices.length} devices recorded in the inventory.\n`);
  else if (changes.length > 0)
    out.write(`\nChanges since the last scan:\n${changes.map((c) => `  - ${c}`).join('\n')}\n`);
  out.write(`\n${topActionsText(model, color)}`);
  out.write(`\nDetails: iotwarden device <name|address>. Full report: iotwarden report --format html -o report.html\n`);
}

/** One line per device whose inspection was cut short: its first problem, and how many more there were. */
function problemLines(model: ReportModel): string[] {
  return model.devices.flatMap((device) => {
    const [first, ...rest] = device.problems ?? [];
    if (first === undefined) return [];
    const who = sanitizeText(device.name ?? device.addresses[0] ?? device.id);
    const more =
      rest.length > 0 ? ` (and ${rest.length} more: iotwarden device ${device.addresses[0] ?? device.id})` : '';
    return [`${who}: could not fully inspect: ${sanitizeText(first)}${more}`];
  });
}

export function severityLine(model: ReportModel, color: boolean): string {
  // Counted from the devices, not the summary, so a filtered model (findings --severity) counts what it shows.
  const count = (severity: string): number =>
    model.devices.reduce((n, d) => n + d.findings.filter((f) => f.severity === severity).length, 0);
  const parts = SEVERITIES.filter((s) => count(s) > 0).map((s) => paint(`${count(s)} ${s}`, SEVERITY_STYLE[s], color));
  return parts.length === 0 ? 'No findings.' : `Findings: ${parts.join(', ')}.`;
}

export function topActionsText(model: ReportModel, color: boolean): string {
  if (model.topActions.length === 0) return 'Nothing urgent to do.\n';
  const lines = model.topActions.map(
    (action, i) =>
      `  ${i + 1}. ${paint(`[${action.severity}]`, SEVERITY_STYLE[action.severity], color)} ${sanitizeText(action.text)}`,
  );
  return `Do this first:\n${lines.join('\n')}\n`;
}

function describeChanges(changes: readonly ScanChange[], model: ReportModel): string[] {
  const nameOf = (id: string, address: string): string =>
    sanitizeText(model.devices.find((d) => d.id === id)?.name ?? address);
  return changes
    .filter((c) => c.kind !== 'finding-gained' && c.kind !== 'finding-resolved')
    .map((c) => {
      const who = nameOf(c.deviceId, c.address);
      switch (c.kind) {
        case 'device-new':
          return `new device: ${who} (${c.address})`;
        case 'device-returned':
          return `back again: ${who} (${c.address})`;
        case 'device-gone':
          return `gone: ${who} (last at ${c.address})`;
        case 'address-changed':
          return `${who} moved from ${c.from} to ${c.address}`;
        case 'firmware-changed':
          return `${who}: firmware ${sanitizeText(c.from ?? '?')} → ${sanitizeText(c.to ?? '?')}`;
        case 'port-opened':
          return `${who}: ${c.transport} port ${c.port} (${c.service}) opened`;
        case 'port-closed':
          return `${who}: ${c.transport} port ${c.port} (${c.service}) closed`;
        default:
          return `${who}: ${c.kind}`;
      }
    });
}
