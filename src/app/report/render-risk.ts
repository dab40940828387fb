/**
 * The risk section of the report: the 5×5 matrix as inline SVG (no script, no external asset) and the register
 * table. Device labels are escaped in both: an SVG `<title>` is markup like any other.
 */
import type { ReportRiskRow, ReportRiskSection } from './risk-model.ts';
import { escapeHtml as h, escapeMarkdown as md } from './sanitize-text.ts';

const CELL_PX = 56;
const AXIS_PX = 28;
const LEVEL_FILL = { critical: '#9b1c1c', high: '#c2410c', medium: '#a16207', low: '#3f7d3f' } as const;

/** Cell level by the same bands as app/risk/matrix.ts (1–4 low, 5–9 medium, 10–16 high, 20–25 critical). */
function bandOf(score: number): keyof typeof LEVEL_FILL {
  return score >= 20 ? 'critical' : score >= 10 ? 'high' : score >= 5 ? 'medium' : 'low';
}

/** The 5×5 matrix: impact up, likelihood across; each cell shows how many devices sit in it and names them on hover. */
export function riskMatrixSvg(rows: readonly ReportRiskRow[]): string {
  const size = AXIS_PX + CELL_PX * 5;
  const cells: string[] = [];
  for (let impact = 1; impact <= 5; impact++) {
    for (let likelihood = 1; likelihood <= 5; likelihood++) {
      const here = rows.filter((r) => r.impact === impact && r.likelihood === likelihood);
      const x = AXIS_PX + (likelihood - 1) * CELL_PX;
      const y = (5 - impact) * CELL_PX;
      const title =
        here.length > 0 ? `<title>${h(here.map((r) => r.label).join(', '), { maxLength: 400 })}</title>` : '';
      const count =
        here.length > 0
          ? `<text x="${x + CELL_PX / 2}" y="${y + CELL_PX / 2 + 6}" text-anchor="middle" font-size="18" fill="#fff">${here.length}</text>`
          : '';
      cells.push(
        `<g>${title}<rect x="${x}" y="${y}" width="${CELL_PX - 2}" height="${CELL_PX - 2}" rx="4" fill="${LEVEL_FILL[bandOf(impact * likelihood)]}" opacity="${here.length > 0 ? 1 : 0.35}"/>${count}</g>`,
      );
    }
  }
  const axes = [
    `<text x="${AXIS_PX + (CELL_PX * 5) / 2}" y="${size - 6}" text-anchor="middle" font-size="12" fill="currentColor">likelihood →</text>`,
    `<text x="12" y="${(CELL_PX * 5) / 2}" text-anchor="middle" font-size="12" fill="currentColor" transform="rotate(-90 12 ${(CELL_PX * 5) / 2})">impact →</text>`,
  ];
  return `<svg class="matrix" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="Risk matrix: impact by likelihood, devices per cell">${cells.join('')}${axes.join('')}</svg>`;
}

function rowHtml(row: ReportRiskRow): string {
  return `<tr class="sev-${row.level === 'low' ? 'low' : row.level}"><td><span class="badge">${row.level}</span></td><td>${row.impact}×${row.likelihood}</td><td>${h(row.label, { maxLength: 60 })}</td><td>${h(row.category)}</td><td>${h(row.reason, { maxLength: 400 })}</td><td>${h(row.upside ?? '—', { maxLength: 120 })}</td><td>${h(row.decision)}</td></tr>`;
}

export function riskHtml(section: ReportRiskSection): string {
  if (section.rows.length === 0) return '';
  return `<section class="risk"><h2>Risk</h2>
<p class="muted">Impact (what the device does, where, for whom) × likelihood (its findings and exposure). Hover a cell for its devices.</p>
${riskMatrixSvg(section.rows)}
<table class="risk"><thead><tr><th>Level</th><th>I×L</th><th>Device</th><th>Category</th><th>Why</th><th>Upside</th><th>Decision</th></tr></thead>
<tbody>
${section.rows.map(rowHtml).join('\n')}
</tbody></table></section>`;
}

export function riskMarkdown(section: ReportRiskSection): string[] {
  if (section.rows.length === 0) return [];
  const lines = ['## Risk', '', '| Level | I×L | Device | Why | Decision |', '| --- | --- | --- | --- | --- |'];
  for (const row of section.rows) {
    lines.push(
      `| ${row.level} | ${row.impact}×${row.likelihood} | ${md(row.label)} | ${md(row.reason)} | ${md(row.decision)} |`,
    );
  }
  lines.push('');
  return lines;
}
