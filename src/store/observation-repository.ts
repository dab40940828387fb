import type { Kysely } from 'kysely';
import type { SkippedCheck } from '../checks/finding.ts';
import type { HostFacts } from '../families/facts.ts';
import type { CarriedBeliefs } from './change-detection.ts';
import { insertConfigSnapshot } from './config-snapshot-repository.ts';
import type { ObservationsTable, StoreSchema } from './schema.ts';
import type { HostScanResult, ObservationEntry } from './types.ts';

type Db = Kysely<StoreSchema>;

/** The facts as stored: without `device.config`, which goes to config_snapshots instead of being kept twice. */
function withoutConfig(host: HostFacts): HostFacts {
  if (host.device?.config === undefined) return host;
  const { config: _config, ...device } = host.device;
  return { ...host, device };
}

/** Stores one host of a scan: the observation, its open services and its configuration snapshot. */
export async function insertObservation(
  db: Db,
  o: {
    scanId: number;
    deviceId: string;
    mac: string | undefined;
    observedMs: number;
    result: HostScanResult;
    carried: CarriedBeliefs;
  },
): Promise<void> {
  const { host } = o.result;
  await db
    .insertInto('observations')
    .values({
      scan_id: o.scanId,
      device_id: o.deviceId,
      address: host.address,
      mac: o.mac ?? null,
      sources_json: JSON.stringify(host.sources),
      observed_ms: o.observedMs,
      score: Math.round(o.result.score),
      facts_json: JSON.stringify(withoutConfig(host)),
      skipped_json: JSON.stringify(o.result.skipped),
      carried_json: JSON.stringify(o.carried),
    })
    .execute();
  for (const service of host.services) {
    await db
      .insertInto('services')
      .values({
        scan_id: o.scanId,
        device_id: o.deviceId,
        transport: service.transport,
        port: service.port,
        name: service.name,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const config = host.device?.config;
  if (config !== undefined) await insertConfigSnapshot(db, o.scanId, o.deviceId, o.observedMs, config);
}

export interface StoredObservation {
  scanId: number;
  address: string;
  observedMs: number;
  score: number;
  facts: HostFacts;
  skipped: SkippedCheck[];
  carried: CarriedBeliefs;
  services: Array<{ transport: 'tcp' | 'udp'; port: number; name: string }>;
}

async function readObservation(db: Db, row: ObservationsTable, withConfig: boolean): Promise<StoredObservation> {
  const facts = JSON.parse(row.facts_json) as HostFacts;
  const scan = row.scan_id;
  const device = row.device_id;
  const services = await db
    .selectFrom('services')
    .select(['transport', 'port', 'name'])
    .where('scan_id', '=', scan)
    .where('device_id', '=', device)
    .orderBy('transport')
    .orderBy('port')
    .execute();
  if (withConfig && facts.device) {
    const snapshot = await db
      .selectFrom('config_snapshots')
      .select('config_json')
      .where('scan_id', '=', scan)
      .where('device_id', '=', device)
      .executeTakeFirst();
    if (snapshot) facts.device.config = JSON.parse(snapshot.config_json) as unknown;
  }
  return {
    scanId: row.scan_id,
    address: row.address,
    observedMs: row.observed_ms,
    score: row.score,
    facts,
    skipped: JSON.parse(row.skipped_json) as SkippedCheck[],
    carried: JSON.parse(row.carried_json) as CarriedBeliefs,
    services,
  };
}

/** One device's observation in one scan, `device.config` included. */
export async function observationOf(db: Db, scanId: number, deviceId: string): Promise<StoredObservation | undefined> {
  const row = await db
    .selectFrom('observations')
    .selectAll()
    .where('scan_id', '=', scanId)
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row ? readObservation(db, row, true) : undefined;
}

/** The device's newest observation in a complete scan recorded before `beforeScanId`: its change baseline. */
export async function lastCompleteObservation(
  db: Db,
  deviceId: string,
  beforeScanId: number,
): Promise<StoredObservation | undefined> {
  const row = await db
    .selectFrom('observations as o')
    .innerJoin('scans as s', 's.id', 'o.scan_id')
    .selectAll('o')
    .where('o.device_id', '=', deviceId)
    .where('o.scan_id', '<', beforeScanId)
    .where('s.status', '=', 'complete')
    .orderBy('o.scan_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? readObservation(db, row, false) : undefined;
}

/** Every sighting of a device, oldest first: when, where, by which sources, with what score. */
export async function observationHistory(db: Db, deviceId: string): Promise<ObservationEntry[]> {
  const rows = await db
    .selectFrom('observations')
    .select(['scan_id', 'address', 'mac', 'sources_json', 'observed_ms', 'score'])
    .where('device_id', '=', deviceId)
    .orderBy('scan_id')
    .execute();
  return rows.map((r) => ({
    scanId: r.scan_id,
    address: r.address,
    mac: r.mac ?? undefined,
    sources: JSON.parse(r.sources_json) as string[],
    observedMs: r.observed_ms,
    score: r.score,
  }));
}
