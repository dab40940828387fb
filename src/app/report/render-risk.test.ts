import { describe, expect, it } from 'vitest';
import { riskHtml, riskMarkdown, riskMatrixSvg } from './render-risk.ts';
import type { ReportRiskRow } from './risk-model.ts';

const hostile: ReportRiskRow = {
  label: '<script>alert(1)</script>\u001b[2J',
  level: 'critical',
  impact: 5,
  likelihood: 4,
  category: 'camera',
  reason: 'Anyone could watch "<img src=x onerror=alert(1)>"',
  upside: '</td><b>x</b>',
  decision: '—',
};

describe('the risk section', () => {
  it('draws 25 cells and counts devices in their cell', () => {
    const svg = riskMatrixSvg([hostile, { ...hostile, label: 'b' }]);
    expect(svg.match(/<rect /g)).toHaveLength(25);
    expect(svg).toMatch(/<text [^>]*>2<\/text>/);
  });

  it('escapes device strings in the SVG and the table', () => {
    const html = riskHtml({ rows: [hostile] });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</td><b>');
    expect(html).not.toContain('\u001b');
    expect(html).toContain('&lt;script&gt;');
    const md = riskMarkdown({ rows: [hostile] }).join('\n');
    expect(md).not.toContain('<script>');
  });

  it('renders nothing for an empty home', () => {
    expect(riskHtml({ rows: [] })).toBe('');
  });
});
