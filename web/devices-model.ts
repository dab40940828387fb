/**
 * Sorting and filtering the device table in the browser. The table loads every row once (the API pages at 1,000)
 * and sorts and filters locally, so a click on a column header answers without a round trip. Pure functions: no
 * DOM, tested in test/web/devices-model.test.ts.
 */
import type { DeviceRow, Severity } from './types.ts';

export const DEVICE_COLUMNS = [
  'name',
  'address',
  'vendor',
  'model',
  'family',
  'firmware',
  'score',
  'findings',
  'lastSeen',
] as const;
export type DeviceColumn = (typeof DEVICE_COLUMNS)[number];

/** The API returns at most this many rows at a time; the table loads every page. */
export const DEVICES_PAGE = 1000;

/**
 * The table's first request, exactly as `iotwarden serve` names it in the preload hint of /devices (PAGE_PRELOADS
 * in src/server/static-files.ts), so the browser uses the answer it asked for beside app.js.
 */
export const DEVICES_FIRST_REQUEST = `/api/devices?offset=0&limit=${DEVICES_PAGE}&sort=name`;
export type SortOrder = 'asc' | 'desc';

export interface DeviceFilter {
  /** Matched, case-insensitively, against name, address, MAC, vendor, model, family and room. */
  text: string;
  family: string;
  /** This severity or worse. */
  severity: Severity | '';
}

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** An IPv4 address as one number, so 10.0.0.9 sorts before 10.0.0.10; anything else sorts after, as text. */
function addressKey(address: string): number {
  const parts = address.split('.');
  if (parts.length !== 4) return Number.MAX_SAFE_INTEGER;
  return parts.reduce((n, part) => n * 256 + (Number(part) || 0), 0);
}

/** Weighted finding count: one critical outweighs any number of lows. */
const findingsKey = (row: DeviceRow) =>
  row.findingCounts.critical * 1e8 +
  row.findingCounts.high * 1e6 +
  row.findingCounts.medium * 1e4 +
  row.findingCounts.low * 100 +
  row.findingCounts.info;

const text = (value: string | null | undefined) => (value ?? '').toLowerCase();

/** One collator for every comparison: String#localeCompare builds one per call, many times slower over 1,000 rows. */
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const compareText = (a: string | null | undefined, b: string | null | undefined) => {
  // Missing values go last (in this order; a descending sort reverses it), which is what a reader expects.
  if (!a && b) return 1;
  if (a && !b) return -1;
  return collator.compare(a ?? '', b ?? '');
};

const COMPARE: Record<DeviceColumn, (a: DeviceRow, b: DeviceRow) => number> = {
  name: (a, b) => compareText(a.name, b.name),
  address: (a, b) => addressKey(a.address) - addressKey(b.address) || a.address.localeCompare(b.address),
  vendor: (a, b) => compareText(a.vendor, b.vendor),
  model: (a, b) => compareText(a.model, b.model),
  family: (a, b) => compareText(a.family, b.family),
  firmware: (a, b) => compareText(a.firmware.installed, b.firmware.installed),
  score: (a, b) => a.score - b.score,
  findings: (a, b) => findingsKey(a) - findingsKey(b),
  lastSeen: (a, b) => a.lastSeenMs - b.lastSeenMs,
};

/** A new array: rows that pass the filter, in the order asked (ties by name, then address, so the order is stable). */
export function sortAndFilter(
  rows: readonly DeviceRow[],
  filter: DeviceFilter,
  column: DeviceColumn,
  order: SortOrder,
): DeviceRow[] {
  const needle = filter.text.trim().toLowerCase();
  const worst = filter.severity === '' ? undefined : RANK[filter.severity];
  const kept = rows.filter((row) => {
    if (filter.family && row.family !== filter.family) return false;
    if (worst !== undefined && (row.worstSeverity === null || RANK[row.worstSeverity] > worst)) return false;
    if (!needle) return true;
    return [row.name, row.address, row.mac, row.vendor, row.model, row.family, row.area].some((v) =>
      text(v).includes(needle),
    );
  });
  const compare = COMPARE[column];
  const sign = order === 'asc' ? 1 : -1;
  return kept.sort((a, b) => sign * compare(a, b) || COMPARE.name(a, b) || COMPARE.address(a, b));
}

/** The families present, for the filter's choices. */
export function familiesOf(rows: readonly DeviceRow[]): string[] {
  return [...new Set(rows.map((r) => r.family).filter((f): f is string => Boolean(f)))].sort();
}

/** Which rows a scrolled window shows: the visible ones plus `overscan` either side. */
export function visibleRange(
  scrollTopPx: number,
  viewportPx: number,
  rowPx: number,
  count: number,
  overscan = 10,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTopPx) / rowPx);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + Math.ceil(viewportPx / rowPx) + overscan);
  return { start, end };
}
