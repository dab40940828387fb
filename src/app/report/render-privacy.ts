/** The privacy section in HTML (with a per-device SVG chart) and Markdown (with a text sparkline). */
import { sparkline } from '../../util/sparkline.ts';
import type { PrivacyDestination, PrivacyDevice, PrivacySection } from './privacy-model.ts';
import { escapeHtml as h, escapeMarkdown as md } from './sanitize-text.ts';
import { queriesChartSvg } from './svg-chart.ts';

export function privacyHtml(section: PrivacySection): string {
  const devices = section.devices.map(deviceHtml).join('\n');
  const unmapped =
    section.unmapped.length === 0
      ? ''
      : `<p class="muted">Not matched to a known device: ${section.unmapped.map((c) => `${h(c.ip)}${c.name ? ` (${h(c.name)})` : ''} ${c.queries}`).join(', ')}.</p>`;
  return `<section class="privacy"><h2>What devices say to the internet</h2>
<p class="muted">${section.totalQueries} DNS queries from ${h(section.windowStart)} to ${h(section.windowEnd)} · classification data ${h(section.dataVersion)}</p>
${devices}
${unmapped}
</section>`;
}

function deviceHtml(device: PrivacyDevice): string {
  const title = device.name ?? device.address;
  const rows = device.destinations.map(destinationHtml).join('');
  const more = device.moreDestinations > 0 ? `<p class="muted">and ${device.moreDestinations} more names</p>` : '';
  const explanations = device.explanations.map((text) => `<li>${h(text)}</li>`).join('');
  return `<div class="device privacy-device">
<div class="device-head"><h3>${h(title)}</h3><div><strong>${device.queries}</strong> <span class="muted">queries, ${device.blocked} blocked</span></div></div>
${queriesChartSvg(device.timeline, { label: `DNS queries per hour of ${title}` })}
<p>${h(device.cloud)}${device.rate?.anomaly ? ` <strong>Rate jump: ${device.rate.recentPerHour} queries in the last hour against a usual ${device.rate.baselinePerHour}.</strong>` : ''}</p>
${explanations ? `<div><strong>Likely cause</strong><ul>${explanations}</ul></div>` : ''}
<table class="destinations"><tr><th>Name</th><th>What</th><th>Queries</th><th>Blocked</th><th>Period</th><th>Classified by</th></tr>${rows}</table>
${more}
</div>`;
}

function destinationHtml(d: PrivacyDestination): string {
  const flags = [d.isNew ? 'new' : '', d.blockedRetry ? 'retried while blocked' : ''].filter(Boolean).join(', ');
  return `<tr><td><code>${h(d.domain)}</code>${flags ? ` <span class="badge">${h(flags)}</span>` : ''}</td><td>${h(what(d))}</td><td class="num">${d.queries}</td><td class="num">${d.blocked}</td><td>${h(d.period ?? '—')}</td><td class="muted">${h(d.source)}</td></tr>`;
}

export function privacyMarkdown(section: PrivacySection): string[] {
  const lines = [
    '## What devices say to the internet',
    '',
    `${section.totalQueries} DNS queries from ${md(section.windowStart)} to ${md(section.windowEnd)}; classification data ${md(section.dataVersion)}.`,
    '',
  ];
  for (const device of section.devices) {
    lines.push(`### ${md(device.name ?? device.address)} — ${device.queries} queries, ${device.blocked} blocked`, '');
    lines.push(`Queries per hour: \`${sparkline(device.timeline.counts, 60)}\``, '', md(device.cloud), '');
    for (const text of device.explanations) lines.push(`- Likely cause: ${md(text)}`);
    if (device.explanations.length > 0) lines.push('');
    lines.push('| Name | What | Queries | Blocked | Period | Classified by |', '|---|---|---|---|---|---|');
    for (const d of device.destinations) {
      lines.push(
        `| ${md(d.domain)}${d.isNew ? ' (new)' : ''} | ${md(what(d))} | ${d.queries} | ${d.blocked} | ${md(d.period ?? '—')} | ${md(d.source)} |`,
      );
    }
    if (device.moreDestinations > 0) lines.push('', `…and ${device.moreDestinations} more names.`);
    lines.push('');
  }
  if (section.unmapped.length > 0) {
    lines.push(
      `Not matched to a known device: ${section.unmapped.map((c) => `${md(c.ip)} (${c.queries})`).join(', ')}.`,
      '',
    );
  }
  return lines;
}

function what(d: PrivacyDestination): string {
  const label = d.category.replace('-', ' ');
  return d.vendor ? `${label} (${d.vendor})` : label;
}
