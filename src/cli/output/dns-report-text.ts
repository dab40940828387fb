/** The terminal view of `iotwarden dns report`: per device a sparkline, cloud dependence, top names and findings. */
import type { DeviceDnsReport, DnsAnalysis } from '../../app/dns/analyse-dns.ts';
import { describeClassification } from '../../app/dns/classify-domain.ts';
import { formatInterval } from '../../app/dns/periodicity.ts';
import type { Finding } from '../../checks/finding.ts';
import { explanationText } from '../../checks/privacy-steps.ts';
import { sparkline } from '../../util/sparkline.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { paint, SEVERITY_STYLE } from './color.ts';
import { renderTable } from './text-table.ts';

export interface DnsReportTextOptions {
  color: boolean;
  width: number;
  /** Names per device. */
  top: number;
  /** Privacy findings per device id. */
  findings: ReadonlyMap<string, Finding[]>;
}

export function dnsReportText(
  analysis: DnsAnalysis,
  devices: readonly DeviceDnsReport[],
  options: DnsReportTextOptions,
): string {
  const { color } = options;
  if (analysis.totalQueries === 0) return 'No DNS data yet: run iotwarden dns import first.\n';
  const lines = [
    `DNS queries from ${time(analysis.windowStartMs)} to ${time(analysis.windowEndMs)} UTC: ${analysis.totalQueries} from ${analysis.devices.length} known devices (classification data ${analysis.dataVersion})`,
    '',
  ];
  for (const device of devices) lines.push(...deviceText(device, options), '');
  if (analysis.unmapped.length > 0 && devices.length === analysis.devices.length) {
    lines.push(
      paint('Not matched to a known device (scan them, or they are not in the inventory):', 'dim', color),
      ...analysis.unmapped
        .slice(0, 10)
        .map((c) => `  ${sanitizeText(c.ip)}${c.name ? ` ${sanitizeText(c.name)}` : ''}: ${c.queries} queries`),
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function deviceText(device: DeviceDnsReport, options: DnsReportTextOptions): string[] {
  const { profile } = device;
  const { color } = options;
  const lines = [
    `${paint(sanitizeText(device.label), 'bold', color)} · ${device.address} · ${profile.queries} queries · ${profile.blocked} blocked`,
    `  ${sparkline(profile.timeline.counts, Math.max(10, Math.min(72, options.width - 4)))}  ${paint('queries per hour', 'dim', color)}`,
    `  ${sanitizeText(profile.cloud.summary)}`,
  ];
  if (profile.rate?.anomaly) {
    lines.push(
      paint(
        `  Rate jump: ${profile.rate.recentPerHour} queries in the last hour, usually ${profile.rate.baselinePerHour}.`,
        'yellow',
        color,
      ),
    );
  }
  const rows = profile.domains
    .slice(0, options.top)
    .map((d) => [
      { text: `${d.domain}${d.isNew ? ' (new)' : ''}${d.blockedRetry ? ' (retried while blocked)' : ''}` },
      { text: describeClassification(d.classification) },
      { text: String(d.queries) },
      { text: String(d.blocked) },
      { text: d.period?.regular ? formatInterval(d.period.medianIntervalMs) : '—' },
      { text: d.classification.source.label, style: 'dim' as const },
    ]);
  const table = renderTable(
    [
      { header: 'name', min: 12, max: 40 },
      { header: 'what', min: 8, max: 24 },
      { header: 'queries', min: 7, max: 9, align: 'right' },
      { header: 'blocked', min: 7, max: 9, align: 'right' },
      { header: 'period', min: 6, max: 13 },
      { header: 'classified by', min: 10, max: 48 },
    ],
    rows,
    { width: options.width - 2, color },
  );
  lines.push(...table.split('\n').map((line) => `  ${line}`));
  if (profile.domains.length > options.top)
    lines.push(paint(`  …and ${profile.domains.length - options.top} more names`, 'dim', color));
  for (const explanation of profile.explanations)
    lines.push(`  Likely cause: ${sanitizeText(explanationText(explanation))}`);
  for (const finding of options.findings.get(device.deviceId) ?? []) {
    lines.push(
      `  ${paint(`! ${finding.severity}`, SEVERITY_STYLE[finding.severity], color)} ${finding.checkId}: ${sanitizeText(finding.title)}${finding.subject ? ` — ${sanitizeText(finding.subject)}` : ''}`,
    );
  }
  return lines;
}

function time(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
