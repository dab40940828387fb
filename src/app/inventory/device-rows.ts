/**
 * The device table as the dashboard and scripts page through it: one flat row per device, sorted, filtered and cut
 * into pages. The rows are built from the inventory once per change of it (a new scan), not once per request, so a
 * table of a thousand devices answers in a few milliseconds.
 */
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import type { DeviceSummary, Store } from '../../store/index.ts';

export interface DeviceRow {
  id: string;
  name: string | null;
  family: string | null;
  address: string;
  mac: string | null;
  vendor: string | null;
  model: string | null;
  firmware: { installed: string | null; latest: string | null };
  score: number;
  findingCounts: Record<Severity, number>;
  worstSeverity: Severity | null;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Home Assistant's area (the room) and its floor, when the home's sources know them; untrusted text. */
  area: string | null;
  floor: string | null;
}

export const DEVICE_SORTS = ['score', 'name', 'address', 'lastSeen', 'findings', 'vendor'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

export interface DeviceQuery {
  offset: number;
  limit: number;
  sort: DeviceSort;
  order: 'asc' | 'desc';
  /** Case-insensitive text in name, address, MAC, vendor or model. */
  q?: string | undefined;
  family?: string | undefined;
  /** Only devices with a finding of this severity or worse. */
  severity?: Severity | undefined;
}

export interface DevicePage {
  total: number;
  offset: number;
  limit: number;
  rows: DeviceRow[];
}

export function toDeviceRow(d: DeviceSummary): DeviceRow {
  const device = d.facts.device;
  const worst = SEVERITIES.find((s) => d.findingCounts[s] > 0) ?? null;
  return {
    id: d.deviceId,
    name: d.name ?? null,
    family: d.family ?? null,
    address: d.address,
    mac: d.mac ?? null,
    vendor: device?.vendor ?? d.facts.macVendor ?? null,
    model: device?.model ?? null,
    firmware: { installed: device?.firmware.installed ?? null, latest: device?.firmware.latest ?? null },
    score: d.score,
    findingCounts: d.findingCounts,
    worstSeverity: worst,
    firstSeenMs: d.firstSeenMs,
    lastSeenMs: d.lastSeenMs,
    area: d.context.area ?? null,
    floor: d.context.floor ?? null,
  };
}

const findingWeight = (r: DeviceRow): number =>
  SEVERITIES.reduce((sum, s, i) => sum + r.findingCounts[s] * 10 ** (SEVERITIES.length - i), 0);

const COMPARE: Record<DeviceSort, (a: DeviceRow, b: DeviceRow) => number> = {
  score: (a, b) => a.score - b.score,
  name: (a, b) => (a.name ?? '').localeCompare(b.name ?? ''),
  address: (a, b) => compareAddresses(a.address, b.address),
  lastSeen: (a, b) => a.lastSeenMs - b.lastSeenMs,
  findings: (a, b) => findingWeight(a) - findingWeight(b),
  vendor: (a, b) => (a.vendor ?? '').localeCompare(b.vendor ?? ''),
};

/** Filters, sorts (ties by address, so pages are stable) and pages the rows. */
export function pageDevices(rows: readonly DeviceRow[], query: DeviceQuery): DevicePage {
  const needle = query.q?.trim().toLowerCase();
  const rank = query.severity ? SEVERITIES.indexOf(query.severity) : undefined;
  const kept = rows.filter((r) => {
    if (query.family && r.family !== query.family) return false;
    if (rank !== undefined && (r.worstSeverity === null || SEVERITIES.indexOf(r.worstSeverity) > rank)) return false;
    if (!needle) return true;
    return [r.name, r.address, r.mac, r.vendor, r.model].some((v) => v?.toLowerCase().includes(needle));
  });
  const sign = query.order === 'desc' ? -1 : 1;
  const compare = COMPARE[query.sort];
  kept.sort((a, b) => sign * compare(a, b) || compareAddresses(a.address, b.address));
  return {
    total: kept.length,
    offset: query.offset,
    limit: query.limit,
    rows: kept.slice(query.offset, query.offset + query.limit),
  };
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/**
 * Device pages of the inventory, rebuilt only when the database changed: the key (ServeStore.changeVersion)
 * moves with every write, by this process or another. Pages asked for again (the dashboard polling, many clients)
 * come from a small cache as JSON bytes, ready to send, with a tag for conditional requests.
 */
export class DeviceRowCache {
  #key: string | undefined;
  #rows: DeviceRow[] = [];
  #pages = new Map<string, CachedPage>();

  async rows(store: Store, version: () => Promise<string>): Promise<DeviceRow[]> {
    const key = await version();
    if (key !== this.#key) {
      this.#rows = (await store.devices()).map(toDeviceRow);
      this.#pages.clear();
      this.#key = key;
    }
    return this.#rows;
  }

  /** One page as JSON bytes (`{"status":"ok","data":…}`) and its entity tag. */
  async page(store: Store, version: () => Promise<string>, query: DeviceQuery): Promise<CachedPage> {
    const rows = await this.rows(store, version);
    const queryKey = JSON.stringify([
      query.offset,
      query.limit,
      query.sort,
      query.order,
      query.q,
      query.family,
      query.severity,
    ]);
    const cached = this.#pages.get(queryKey);
    if (cached) return cached;
    const page = pageDevices(rows, query);
    const entry = {
      // Kept as bytes only: a string body would be encoded again for every answer (400 kB for 1,000 rows), and
      // the text beside them would double what the cache holds.
      bytes: new TextEncoder().encode(JSON.stringify({ status: 'ok', data: page })) as Uint8Array<ArrayBuffer>,
      etag: `W/"${this.#key}:${this.#pages.size}:${Date.now()}"`,
    };
    if (this.#pages.size >= PAGE_CACHE) this.#pages.delete(this.#pages.keys().next().value as string);
    this.#pages.set(queryKey, entry);
    return entry;
  }
}

interface CachedPage {
  /** `{"status":"ok","data":…}` as UTF-8. */
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** Distinct pages kept per inventory version. */
const PAGE_CACHE = 32;
