/**
 * Plain-text tables that fit a terminal width. Cells are sanitised (no control characters or escape sequences
 * from devices), measured in terminal columns, and truncated with "…" when a column must shrink.
 */
import { sanitizeText } from '../../util/untrusted-text.ts';
import { paint, type Style } from './color.ts';

export interface Column {
  header: string;
  /** Smallest width the column may shrink to. */
  min: number;
  /** Widest it may grow. */
  max: number;
  align?: 'left' | 'right';
}

export interface Cell {
  text: string;
  style?: Style;
}

export interface TableOptions {
  /** Total width, separators included. Default 100. */
  width?: number;
  color?: boolean;
}

const GAP = '  ';

/** Renders rows under headers; every line is at most `width` columns wide. */
export function renderTable(
  columns: readonly Column[],
  rows: ReadonlyArray<ReadonlyArray<Cell | string>>,
  options: TableOptions = {},
): string {
  const color = options.color ?? false;
  const clean = rows.map((row) =>
    row
      .map((cell) => (typeof cell === 'string' ? { text: cell } : cell))
      .map((cell) => ({ ...cell, text: sanitizeText(cell.text) })),
  );
  const widths = fitWidths(columns, clean, options.width ?? 100);
  // The last column is not padded on the left-aligned side, so lines carry no trailing blanks (coloured or not).
  const place = (text: string, index: number) =>
    index === columns.length - 1 && columns[index]!.align !== 'right'
      ? text
      : pad(text, widths[index]!, columns[index]!.align);
  const header = columns.map((column, index) => paint(place(column.header, index), 'bold', color)).join(GAP);
  const body = clean.map((row) =>
    columns
      .map((_column, index) => {
        const cell = row[index] ?? { text: '' };
        return paint(place(truncate(cell.text, widths[index]!), index), cell.style, color);
      })
      .join(GAP),
  );
  return [header, ...body].join('\n');
}

function fitWidths(
  columns: readonly Column[],
  rows: ReadonlyArray<ReadonlyArray<{ text: string }>>,
  total: number,
): number[] {
  const widths = columns.map((column, index) => {
    const natural = Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[index]?.text ?? '')));
    return Math.max(column.min, Math.min(column.max, natural));
  });
  const budget = total - GAP.length * (columns.length - 1);
  let used = widths.reduce((sum, width) => sum + width, 0);
  while (used > budget) {
    // Shrink the widest column that still can: long names and titles give way first.
    let widest = -1;
    for (let index = 0; index < widths.length; index += 1) {
      if (widths[index]! > columns[index]!.min && (widest < 0 || widths[index]! > widths[widest]!)) widest = index;
    }
    if (widest < 0) break;
    widths[widest]! -= 1;
    used -= 1;
  }
  return widths;
}

/** Terminal columns a string takes: combining marks 0, East Asian wide and emoji 2, everything else 1. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  if (/\p{Mn}|\p{Me}|\u200b|\u200d/u.test(char)) return 0;
  const code = char.codePointAt(0) ?? 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Cuts text to `width` columns, ending in "…" when something was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const next = charWidth(char);
    if (used + next > width - 1) break;
    out += char;
    used += next;
  }
  return `${out}…`;
}

function pad(text: string, width: number, align: Column['align'] = 'left'): string {
  const space = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? space + text : text + space;
}
