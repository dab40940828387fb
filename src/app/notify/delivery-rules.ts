/**
 * When an event goes to a target: not below the target's severity threshold; not in its quiet hours (the delivery
 * waits for their end) unless the event is critical and the target lets critical through; and retries back off
 * exponentially (30 s, 1 min, 2 min … capped at 1 hour between tries) until a limit, after which the delivery is
 * recorded as failed.
 */
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import type { NotifyTarget } from '../../config/notify-config-schema.ts';

export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 3_600_000;
export const MAX_ATTEMPTS = 8;

export type DeliveryVerdict = { send: true } | { send: false; skip: string } | { send: false; deferUntilMs: number };

export function deliveryVerdict(
  target: NotifyTarget,
  severity: string,
  nowMs: number,
  timeZone: string | undefined,
): DeliveryVerdict {
  const rank = SEVERITIES.indexOf(severity as Severity);
  if (rank < 0 || rank > SEVERITIES.indexOf(target.minSeverity))
    return { send: false, skip: `below the target's threshold (${target.minSeverity})` };
  const quiet = target.quietHours;
  if (!quiet || (severity === 'critical' && quiet.critical)) return { send: true };
  const endMs = quietEndMs(quiet.start, quiet.end, nowMs, timeZone);
  return endMs === undefined ? { send: true } : { send: false, deferUntilMs: endMs };
}

/** Delay before try number `attempts + 1` after `attempts` failed tries. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** Minutes since local midnight in `timeZone` (the system's when undefined). */
function localMinutes(nowMs: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(new Date(nowMs));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * If `nowMs` falls in the quiet period (start inclusive, end exclusive; it may span midnight), when it ends;
 * otherwise undefined. The end is computed in whole minutes from now, so a DST change inside the period shifts it
 * by at most that hour (the delivery then waits a little longer or shorter, never forever).
 */
export function quietEndMs(
  start: string,
  end: string,
  nowMs: number,
  timeZone: string | undefined,
): number | undefined {
  const now = localMinutes(nowMs, timeZone);
  const from = minutesOf(start);
  const to = minutesOf(end);
  if (from === to) return undefined;
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return undefined;
  const minutesLeft = (to - now + 24 * 60) % (24 * 60);
  const startOfMinute = nowMs - (nowMs % 60_000);
  return startOfMinute + minutesLeft * 60_000;
}
