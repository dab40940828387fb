/** The Markdown report. Device-supplied text is escaped inline, and evidence goes into fences it cannot close. */

import type { Finding } from '../../checks/finding.ts';
import { contextFacts, scoreText } from './context-facts.ts';
import { privacyMarkdown } from './render-privacy.ts';
import { riskMarkdown } from './render-risk.ts';
import type { ReportDevice, ReportModel } from './report-model.ts';
import { markdownCodeBlock, escapeMarkdown as md } from './sanitize-text.ts';

export function renderMarkdown(model: ReportModel): string {
  const lines: string[] = [
    '# iotwarden security report',
    '',
    `Scanned ${md(model.scannedAt)}. **Home score: ${model.homeScore}/100** across ${model.devices.length} devices.`,
    '',
    summaryLine(model),
    '',
  ];
  if (model.topActions.length > 0) {
    lines.push('## Do this first', '');
    for (const [index, action] of model.topActions.entries()) {
      lines.push(`${index + 1}. ${md(action.text)} (${action.severity}, +${action.points} points)`);
    }
    lines.push('');
  }
  if (model.risk) lines.push(...riskMarkdown(model.risk));
  for (const device of model.devices) lines.push(...renderDevice(device));
  if (model.privacy) lines.push(...privacyMarkdown(model.privacy));
  return `${lines.join('\n').trimEnd()}\n`;
}

function summaryLine(model: ReportModel): string {
  const counts = model.summary.findings;
  return `Findings: ${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.info} info. Checks that could not run: ${model.summary.skipped}.`;
}

function renderDevice(device: ReportDevice): string[] {
  const title = md(device.name ?? device.addresses[0] ?? device.id);
  const lines = [`## ${title} — ${scoreText(device)}`, ''];
  const facts: Array<[string, string | null]> = [
    ['Address', device.addresses.join(', ')],
    ['MAC', device.mac],
    ['Vendor / model', [device.vendor, device.model].filter(Boolean).join(' ') || null],
    ['Hardware', device.hwVersion],
    ['Firmware', device.firmware.installed],
    ['Latest firmware', device.firmware.latest],
    ['Protocols', device.protocols.join(', ') || null],
    [
      'Services',
      device.services.map((service) => `${service.name} ${service.port}/${service.transport}`).join(', ') || null,
    ],
    ...contextFacts(device),
  ];
  lines.push('| | |', '|---|---|');
  for (const [label, value] of facts) lines.push(`| ${label} | ${value === null ? '—' : md(value)} |`);
  lines.push('');
  if (device.findings.length === 0) lines.push('No findings.', '');
  for (const finding of device.findings) lines.push(...renderFinding(finding));
  if (device.deductions.length > 0) {
    lines.push('**Why this score:**', '');
    for (const deduction of device.deductions) lines.push(`- −${deduction.points}: ${md(deduction.reason)}`);
    lines.push('');
  }
  if (device.problems?.length) {
    for (const problem of device.problems) lines.push(`- Could not fully inspect: ${md(problem)}`);
    lines.push('');
  }
  if (device.skipped.length > 0) {
    lines.push('**Not checked:**', '');
    for (const skipped of device.skipped) lines.push(`- ${md(skipped.checkId)}: ${md(skipped.reason)}`);
    lines.push('');
  }
  return lines;
}

function renderFinding(finding: Finding): string[] {
  const subject = finding.subject && !finding.title.includes(finding.subject) ? ` — ${md(finding.subject)}` : '';
  const lines = [`### [${finding.severity.toUpperCase()}] ${md(finding.title)}${subject}`, '', md(finding.detail), ''];
  for (const evidence of finding.evidence) {
    lines.push(markdownCodeBlock(`> ${evidence.sent}\n< ${evidence.received}`), '');
  }
  if (finding.remediation.length > 0) {
    lines.push('**Fix:**', '');
    for (const [index, step] of finding.remediation.entries()) lines.push(`${index + 1}. ${md(step)}`);
    lines.push('');
  }
  lines.push(`References: ${finding.references.map(md).join('; ')}`, '');
  return lines;
}
