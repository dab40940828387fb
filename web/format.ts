/** Small text helpers: times, ages and severities as people read them. */
import type { Severity } from './types.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (ms: number | null | undefined): string => (ms ? dateTime.format(new Date(ms)) : '—');

/** "3 min ago", "2 h ago", "5 d ago". */
export function formatAge(ms: number, nowMs = Date.now()): string {
  const seconds = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** The CSS class of a severity; anything else (a string from the server we do not know) gets the neutral one. */
export const severityClass = (severity: string): string => (severity in SEVERITY_RANK ? `sev sev-${severity}` : 'sev');
