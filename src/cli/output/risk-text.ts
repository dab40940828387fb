/** `iotwarden risk` as text: the register table, then each risk's one-line reason. */
import type { RiskRegister } from '../../app/risk/register.ts';
import { decisionWords } from '../../app/risk/report-section.ts';
import type { RiskLevel } from '../../app/risk/types.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { paint, type Style } from './color.ts';
import { type Column, renderTable, type TableOptions } from './text-table.ts';

export const LEVEL_STYLE: Record<RiskLevel, Style> = {
  critical: 'brightRed',
  high: 'red',
  medium: 'yellow',
  low: 'green',
};

const COLUMNS: Column[] = [
  { header: 'LEVEL', min: 8, max: 8 },
  { header: 'I×L', min: 5, max: 5 },
  { header: 'DEVICE', min: 8, max: 20 },
  { header: 'CATEGORY', min: 6, max: 11 },
  { header: 'MAIN DRIVER', min: 16, max: 48 },
  { header: 'UPSIDE', min: 6, max: 16 },
  { header: 'DECISION', min: 21, max: 28 },
];

export function renderRiskTable(register: RiskRegister, options: TableOptions = {}): string {
  const rows = register.entries.map((entry) => [
    { text: entry.level, style: LEVEL_STYLE[entry.level] },
    `${entry.impact.level}×${entry.likelihood.level}`,
    entry.name ?? entry.address,
    entry.context.category.value,
    entry.mainDriver,
    entry.upside ?? '—',
    decisionWords(entry),
  ]);
  return renderTable(COLUMNS, rows, options);
}

/** The first `count` risks with their one-line reasons (the demo prints three). */
export function topRisksText(register: RiskRegister, count: number, color: boolean): string {
  const top = register.entries.slice(0, count);
  if (top.length === 0) return 'No devices yet: run iotwarden scan first.\n';
  const lines = top.map((entry, index) => {
    const label = sanitizeText(entry.name ?? entry.address, { maxLength: 40 });
    const level = paint(entry.level.toUpperCase(), LEVEL_STYLE[entry.level], color);
    const hold = entry.firmwareHold
      ? ` Firmware held until ${entry.firmwareHold.until}: ${sanitizeText(entry.firmwareHold.reason, { maxLength: 80 })}.`
      : '';
    return `${index + 1}. ${level} ${label}: ${sanitizeText(entry.reason, { maxLength: 300 })}${hold}`;
  });
  return `${lines.join('\n')}\n`;
}

/** The whole `risk` output: counts, table, and the top risks' reasons. */
export function riskText(register: RiskRegister, options: { width: number; color: boolean }): string {
  if (register.entries.length === 0) return 'No devices yet: run iotwarden scan first.\n';
  const { critical, high, medium, low } = register.levels;
  const counts = `${critical} critical, ${high} high, ${medium} medium, ${low} low`;
  const table = renderRiskTable(register, options);
  return `Risk register: ${counts}\n\n${table}\n\nWhy, worst first:\n${topRisksText(register, 5, options.color)}`;
}
