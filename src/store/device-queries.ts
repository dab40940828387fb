import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Severity } from '../checks/finding.ts';
import { StoreError, UsageError } from '../errors/index.ts';
import type { DeviceFamily, HostFacts } from '../families/facts.ts';
import { usableMac } from '../net/mac.ts';
import { isDeviceId } from './device-id.ts';
import { addressHistory, allDevices, type DeviceRow, devicesByRef } from './device-repository.ts';
import { findingsOf, latestFindingCounts, zeroCounts } from './finding-repository.ts';
import { observationOf, type StoredObservation } from './observation-repository.ts';
import type { StoreSchema } from './schema.ts';
import { contextOf, loadSightings, type SightingIndex } from './source-sightings-repository.ts';
import type { DeviceContext, DeviceDetail, DeviceSummary } from './types.ts';

type Db = Kysely<StoreSchema>;

function summary(
  row: DeviceRow,
  latest: StoredObservation,
  counts: Record<Severity, number>,
  context: DeviceContext,
): DeviceSummary {
  const haName = context.sources.find((f) => f.source === 'home-assistant')?.facts.nameByUser;
  return {
    deviceId: row.id,
    name: haName ?? row.name ?? undefined,
    family: (row.family ?? undefined) as DeviceFamily | undefined,
    mac: row.mac ?? undefined,
    address: row.last_address,
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    lastScanId: row.last_scan_id ?? 0,
    scanned: row.last_scan_id !== null,
    context,
    score: latest.score,
    findingCounts: counts,
    facts: latest.facts,
  };
}

async function latestOf(db: Db, row: DeviceRow, context: DeviceContext): Promise<StoredObservation> {
  if (row.last_scan_id === null) return passiveObservation(row, context);
  const latest = await observationOf(db, row.last_scan_id, row.id);
  // devices.last_scan_id is only ever set together with an observation of that scan, in one transaction.
  if (!latest) throw new StoreError(`inventory is inconsistent: device ${row.id} has no observation in its last scan`);
  return latest;
}

/** Every device with its latest facts, score and finding counts, ordered by address. */
export async function listDevices(db: Db): Promise<DeviceSummary[]> {
  const [rows, counts] = await Promise.all([allDevices(db), latestFindingCounts(db)]);
  // Numeric collation orders 127.77.1.2 before 127.77.1.10.
  rows.sort((a, b) => a.last_address.localeCompare(b.last_address, 'en', { numeric: true }));
  const result: DeviceSummary[] = [];
  const sightings = await loadSightings(db);
  for (const row of rows) {
    const context = contextFor(sightings, row);
    result.push(summary(row, await latestOf(db, row, context), counts.get(row.id) ?? zeroCounts(), context));
  }
  return result;
}

/**
 * Finds one device by what a user types: its id (`dev_…`), a MAC in any notation, the address it holds now (the most
 * recently seen holder wins), or its name (case-insensitive). A name shared by several devices is an error that lists
 * their ids, because acting on the wrong device is worse than asking again.
 */
export async function findDevice(db: Db, ref: string): Promise<DeviceDetail | undefined> {
  const text = ref.trim();
  const mac = usableMac(text);
  const query = isDeviceId(text)
    ? { id: text }
    : isIP(text)
      ? { address: text }
      : mac && /^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$/i.test(text)
        ? { mac }
        : { name: text };
  const rows = await devicesByRef(db, query);
  if (query.name !== undefined && rows.length > 1) {
    throw new UsageError(
      `${rows.length} devices are named "${text}" (${rows.map((r) => `${r.id} at ${r.last_address}`).join(', ')}); use the id instead`,
      { code: 'ERR_AMBIGUOUS_DEVICE' },
    );
  }
  const row = rows[0];
  if (!row) return undefined;
  const context = contextFor(await loadSightings(db), row);
  const latest = await latestOf(db, row, context);
  const findings = row.last_scan_id === null ? [] : await findingsOf(db, row.last_scan_id, row.id);
  const counts = zeroCounts();
  for (const f of findings) counts[f.severity] += 1;
  return {
    ...summary(row, latest, counts, context),
    findings,
    skipped: latest.skipped,
    addressHistory: await addressHistory(db, row.id),
  };
}

function contextFor(sightings: SightingIndex, row: DeviceRow): DeviceContext {
  return contextOf(sightings, row.id, usableMac(row.mac ?? undefined));
}

/**
 * The facts of a device no scan has seen yet: what its sources say (address, MAC, name, the maker of the MAC), no
 * services, no findings. Its score is not a verdict: outputs show "not scanned yet" instead (DeviceSummary.scanned).
 */
function passiveObservation(row: DeviceRow, context: DeviceContext): StoredObservation {
  const hostname = context.sources.find((f) => f.facts.hostname)?.facts.hostname;
  const vendor = context.sources.find((f) => f.facts.vendor)?.facts.vendor;
  const facts: HostFacts = {
    address: row.last_address,
    sources: [...new Set(context.sources.map((f) => f.source))],
    services: [],
    ...(row.mac ? { mac: row.mac } : {}),
    ...(hostname ? { hostname } : {}),
    ...(vendor ? { macVendor: vendor } : {}),
  };
  return {
    scanId: 0,
    address: row.last_address,
    observedMs: row.last_seen_ms,
    score: 100,
    facts,
    skipped: [],
    services: [],
    carried: { services: [], findings: [] },
  };
}
