/**
 * Local wall-clock arithmetic for maintenance windows and hold dates, in an IANA time zone, with Intl only.
 * Windows are wall-clock times, so on a daylight-saving day a 03:00–05:00 window may be 1 h or 3 h long.
 */
import type { MaintenanceWindow } from './types.ts';

const DAY_MS = 86_400_000;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time at `ms` in `timeZone`. */
export function wallTime(ms: number, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The instant of a wall-clock time in `timeZone` (the earlier one when a DST change repeats it). */
export function instantOf(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The zone's offset at a nearby instant, applied twice so the result also holds across a DST change.
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  return guess;
}

function offsetMs(ms: number, timeZone: string): number {
  const wall = wallTime(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Start of the calendar day `YYYY-MM-DD` in `timeZone`. */
export function dateStartMs(isoDate: string, timeZone: string): number {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  return instantOf({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

/** `YYYY-MM-DD` of `ms` in `timeZone`. */
export function isoDateAt(ms: number, timeZone: string): string {
  const wall = wallTime(ms, timeZone);
  return `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

function minutesOf(clock: string): number {
  const [hours = 0, minutes = 0] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * The window that contains `nowMs`, else the next one to start. `end` at or before `start` crosses midnight
 * (22:00–02:00), so a window is looked for starting yesterday, today and tomorrow.
 */
export function windowAt(
  window: MaintenanceWindow,
  timeZone: string,
  nowMs: number,
): { startMs: number; endMs: number; open: boolean } {
  const today = wallTime(nowMs, timeZone);
  const startMinutes = minutesOf(window.start);
  let lengthMinutes = minutesOf(window.end) - startMinutes;
  if (lengthMinutes <= 0) lengthMinutes += 24 * 60;
  for (const dayOffset of [-1, 0, 1, 2]) {
    // Noon avoids landing on a DST gap while stepping whole days.
    const noon = instantOf({ ...today, hour: 12, minute: 0 }, timeZone) + dayOffset * DAY_MS;
    const day = wallTime(noon, timeZone);
    const startMs = instantOf({ ...day, hour: Math.floor(startMinutes / 60), minute: startMinutes % 60 }, timeZone);
    const endMinutes = startMinutes + lengthMinutes;
    const endDay = wallTime(noon + Math.floor(endMinutes / (24 * 60)) * DAY_MS, timeZone);
    const endMs = instantOf(
      { ...endDay, hour: Math.floor((endMinutes % (24 * 60)) / 60), minute: endMinutes % 60 },
      timeZone,
    );
    if (nowMs < endMs) return { startMs, endMs, open: nowMs >= startMs };
  }
  throw new RangeError(`no maintenance window found for ${window.start}-${window.end} in ${timeZone}`);
}

/** The system's IANA time zone (`TZ`, else the OS setting). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
