/**
 * The HTML report: one self-contained file with inline CSS, no scripts and no external assets, readable offline
 * and safe to mail around. Every string is escaped (device names are attacker-controlled: `<script>`, ANSI, NUL),
 * and a Content-Security-Policy forbids scripts and remote loads even if something slipped through.
 */

import type { Finding } from '../../checks/finding.ts';
import { contextFacts } from './context-facts.ts';
import { REPORT_CSS } from './html-styles.ts';
import { privacyHtml } from './render-privacy.ts';
import { riskHtml } from './render-risk.ts';
import type { ReportDevice, ReportModel } from './report-model.ts';
import { escapeHtml as h } from './sanitize-text.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderHtml(model: ReportModel): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>iotwarden report — ${h(model.scannedAt)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    header(model),
    actions(model),
    model.risk ? riskHtml(model.risk) : '',
    ...model.devices.map(device),
    model.privacy ? privacyHtml(model.privacy) : '',
    appendix(model),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(model: ReportModel): string {
  const counts = model.summary.findings;
  const count = (severity: keyof typeof counts) =>
    `<span class="sev-${severity}"><span class="badge">${severity}</span>${counts[severity]}</span>`;
  return `<header>
<h1>iotwarden security report</h1>
<p class="muted">Scanned ${h(model.scannedAt)} · ${model.devices.length} devices · ${model.summary.skipped} checks could not run</p>
<div class="summary"><div><div class="muted">Home score</div><div class="score">${model.homeScore}<span class="muted">/100</span></div></div>
<div class="counts">${(['critical', 'high', 'medium', 'low', 'info'] as const).map(count).join('')}</div></div>
</header>`;
}

function actions(model: ReportModel): string {
  if (model.topActions.length === 0)
    return '<section><h2>Do this first</h2><p>Nothing urgent: no findings that cost points.</p></section>';
  const items = model.topActions
    .map(
      (action) =>
        `<li class="sev-${action.severity}"><span class="badge">${action.severity}</span>${h(action.text)} <span class="muted">(+${action.points} points)</span></li>`,
    )
    .join('\n');
  return `<section><h2>Do this first</h2><ol>\n${items}\n</ol></section>`;
}

function device(item: ReportDevice): string {
  const title = item.name ?? item.addresses[0] ?? item.id;
  const facts: Array<[string, string | null]> = [
    ['Address', item.addresses.join(', ')],
    ['MAC', item.mac],
    ['Vendor / model', [item.vendor, item.model].filter(Boolean).join(' ') || null],
    ['Hardware', item.hwVersion],
    ['Firmware', item.firmware.installed],
    ['Latest firmware', item.firmware.latest],
    ['Protocols', item.protocols.join(', ') || null],
    [
      'Services',
      item.services.map((service) => `${service.name} ${service.port}/${service.transport}`).join(', ') || null,
    ],
    ...contextFacts(item),
  ];
  const rows = facts
    .map(([label, value]) => `<tr><th>${label}</th><td>${value === null ? '—' : h(value)}</td></tr>`)
    .join('');
  const findings = item.findings.length === 0 ? '<p>No findings.</p>' : item.findings.map(finding).join('\n');
  return `<section class="device">
<div class="device-head"><h2>${h(title)}</h2><div>${item.context?.scanned === false ? '<span class="muted">not scanned yet</span>' : `<span class="muted">score</span> <strong>${item.score}/100</strong>`}</div></div>
<table class="facts">${rows}</table>
${findings}
${deductions(item)}
${skipped(item)}
${problems(item)}
</section>`;
}

function finding(item: Finding): string {
  const subject =
    item.subject && !item.title.includes(item.subject) ? ` <span class="muted">— ${h(item.subject)}</span>` : '';
  const evidence = item.evidence
    .map(
      (entry) =>
        `<pre>&gt; ${h(entry.sent, { multiline: true })}\n&lt; ${h(entry.received, { multiline: true })}</pre>`,
    )
    .join('');
  const steps = item.remediation.map((step) => `<li>${h(step)}</li>`).join('');
  return `<article class="finding sev-${h(item.severity)}">
<h3><span class="badge">${h(item.severity)}</span>${h(item.title)}${subject}</h3>
<p>${h(item.detail)}</p>
${evidence ? `<details open><summary>Evidence</summary>${evidence}</details>` : ''}
${steps ? `<div><strong>Fix</strong><ol>${steps}</ol></div>` : ''}
<p class="refs">${item.references.map((reference) => h(reference)).join(' · ')}</p>
</article>`;
}

function deductions(item: ReportDevice): string {
  if (item.deductions.length === 0) return '';
  const rows = item.deductions.map((deduction) => `<li>−${deduction.points}: ${h(deduction.reason)}</li>`).join('');
  return `<details><summary>Why this score</summary><ul>${rows}</ul></details>`;
}

function skipped(item: ReportDevice): string {
  if (item.skipped.length === 0) return '';
  const rows = item.skipped.map((entry) => `<li>${h(entry.checkId)}: ${h(entry.reason)}</li>`).join('');
  return `<details><summary>Not checked (${item.skipped.length})</summary><ul>${rows}</ul></details>`;
}

function problems(item: ReportDevice): string {
  if (!item.problems?.length) return '';
  const rows = item.problems.map((problem) => `<li>could not fully inspect: ${h(problem)}</li>`).join('');
  return `<details open><summary>Could not fully inspect (${item.problems.length})</summary><ul>${rows}</ul></details>`;
}

function appendix(model: ReportModel): string {
  const rows = model.checks
    .map(
      (check) =>
        `<li class="sev-${check.severity}"><span class="badge">${check.severity}</span><strong>${h(check.title)}</strong> <code>${h(check.id)}</code><br>${h(check.explanation)} <span class="muted">${h(check.severityRationale)}</span><br><span class="refs">${check.references.map((reference) => h(reference)).join(' · ')}</span></li>`,
    )
    .join('\n');
  return `<section><h2>About the checks</h2><ul>\n${rows}\n</ul></section>`;
}
