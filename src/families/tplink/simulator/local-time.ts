/**
 * Wall-clock time in a device's time zone, for the simulated clocks of Kasa and Tapo devices. Both families report
 * local calendar fields (legacy `get_time` {year, month, mday, hour, min, sec}, Tapo `get_energy_usage.local_time`),
 * and count usage per local day, so they need the zone's civil time for any instant.
 */
export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday (the index the legacy schedule's `wday` array uses). */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Formatters are costly to build and a lab has hundreds of devices in a handful of zones: one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA zone `zone`. */
export function isKnownZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The civil time in `zone` at `ms` (Unix milliseconds). Throws RangeError for an unknown zone. */
export function localTimeIn(zone: string, ms: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'),
  };
}

/** The zone's offset from UTC at `ms`, in minutes (Tapo's `time_diff`: Europe/Berlin in winter is 60). */
export function utcOffsetMinutes(zone: string, ms: number): number {
  const t = localTimeIn(zone, ms);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `YYYY-MM-DD` of a local time: the key usage statistics are kept under. */
export function dayKey(t: Pick<LocalTime, 'year' | 'month' | 'day'>): string {
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** `YYYY-MM-DD HH:MM:SS`, the format of Tapo's `get_energy_usage.local_time` (P110(UK) 1.3.0 capture). */
export function formatLocalTime(t: LocalTime): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${dayKey(t)} ${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
}
