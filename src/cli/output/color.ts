/** Terminal colour: only on a TTY, never when NO_COLOR is set (https://no-color.org), forced with FORCE_COLOR. */
import type { Severity } from '../../checks/finding.ts';

export interface ColorEnv {
  NO_COLOR?: string | undefined;
  FORCE_COLOR?: string | undefined;
  TERM?: string | undefined;
}

/** Whether to colour output written to `stream`. */
export function colorEnabled(stream: { isTTY?: boolean }, env: ColorEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export type Style = 'bold' | 'dim' | 'red' | 'brightRed' | 'yellow' | 'green' | 'blue' | 'magenta';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  brightRed: [91, 39],
  yellow: [33, 39],
  green: [32, 39],
  blue: [34, 39],
  magenta: [35, 39],
};

/** Wraps already-sanitised text in SGR codes when colour is on. */
export function paint(text: string, style: Style | undefined, enabled: boolean): string {
  if (!enabled || style === undefined || text === '') return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

export const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: 'brightRed',
  high: 'red',
  medium: 'yellow',
  low: 'blue',
  info: 'dim',
};

/** Red below 50, yellow below 80, green otherwise. */
export function scoreStyle(score: number): Style {
  if (score < 50) return 'red';
  if (score < 80) return 'yellow';
  return 'green';
}
