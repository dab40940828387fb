/**
 * The home's other sources in the inventory (migration 008): each sighting is kept with its source, and a sighting
 * with an address is tied to an inventory device the way scans tie hosts (MAC first, then address, see
 * identity-merge.ts), creating a "not scanned yet" device when none matches. A sighting without an address (a Home
 * Assistant device known only by MAC) waits: it is read back onto whichever device later shows that MAC.
 */
import type { Kysely } from 'kysely';
import { usableMac } from '../net/mac.ts';
import type { SightingFacts, SightingSource, SourceSighting } from '../sources/sighting.ts';
import { newDeviceId } from './device-id.ts';
import { insertDevice, type KnownDevice, loadKnownDevices, updateDevice } from './device-repository.ts';
import { matchIdentities } from './identity-merge.ts';
import type { StoreSchema } from './schema.ts';
import type { DeviceContext, DeviceSourceFact } from './types.ts';

type Db = Kysely<StoreSchema>;

/** What recording one source's sightings did. */
export interface RecordSightingsResult {
  /** Sightings tied to a device the inventory already had. */
  matched: number;
  /** New "not scanned yet" devices. */
  created: number;
  /** Sightings kept without a device (no address, and no device with their MAC yet). */
  waiting: number;
}

/** Records the sightings of one source read; runs inside the caller's write transaction. */
export async function recordSightings(db: Db, sightings: readonly SourceSighting[]): Promise<RecordSightingsResult> {
  const result: RecordSightingsResult = { matched: 0, created: 0, waiting: 0 };
  const known = await loadKnownDevices(db);
  const byMac = new Map(known.flatMap((d) => (d.mac ? [[d.mac, d] as const] : [])));
  const placed = sightings.filter((s) => s.address !== undefined);
  const matches = matchIdentities(
    placed.map((s) => ({ address: s.address!, mac: usableMac(s.mac) })),
    known,
  );
  const deviceOf = new Map<SourceSighting, string | undefined>();
  const taken = new Set(known.map((d) => d.deviceId));
  const knownById = new Map(known.map((d) => [d.deviceId, d]));
  for (const [index, sighting] of placed.entries()) {
    const match = matches[index]!;
    const deviceId = match.deviceId ?? newDeviceId(taken);
    taken.add(deviceId);
    deviceOf.set(sighting, deviceId);
    const previous = knownById.get(deviceId);
    if (previous) result.matched += 1;
    else result.created += 1;
    await placeDevice(db, deviceId, sighting, previous);
  }
  for (const sighting of sightings) {
    if (sighting.address !== undefined) continue;
    const mac = usableMac(sighting.mac);
    const device = mac ? byMac.get(mac) : undefined;
    deviceOf.set(sighting, device?.deviceId);
    if (device) result.matched += 1;
    else result.waiting += 1;
  }
  for (const sighting of sightings) await upsertSighting(db, sighting, deviceOf.get(sighting));
  return result;
}

/** A new device, or a never-scanned one brought up to date; a scanned device's own facts win over a source's. */
async function placeDevice(
  db: Db,
  deviceId: string,
  sighting: SourceSighting,
  previous: KnownDevice | undefined,
): Promise<void> {
  const device = {
    deviceId,
    scanId: undefined,
    address: sighting.address!,
    seenMs: sighting.seenMs,
    mac: usableMac(sighting.mac),
    stableId: undefined,
    family: undefined,
    name: sighting.name ?? sighting.facts.hostname,
    // Sources never see a certificate; an update keeps the one a scan recorded.
    tlsSha256: undefined,
  };
  if (!previous) await insertDevice(db, device);
  else if (!previous.scanned) await updateDevice(db, device);
}

async function upsertSighting(db: Db, s: SourceSighting, deviceId: string | undefined): Promise<void> {
  const row = {
    source: s.source,
    location: s.location,
    source_key: s.key,
    device_id: deviceId ?? null,
    mac: usableMac(s.mac) ?? null,
    address: s.address ?? null,
    name: s.name ?? null,
    facts_json: JSON.stringify(s.facts),
    first_seen_ms: Math.min(s.facts.firstSeenMs ?? s.seenMs, s.seenMs),
    last_seen_ms: s.seenMs,
  };
  await db
    .insertInto('source_sightings')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['source', 'location', 'source_key']).doUpdateSet((eb) => ({
        device_id: row.device_id,
        mac: row.mac,
        address: row.address,
        name: row.name,
        facts_json: row.facts_json,
        first_seen_ms: eb.fn('min', [eb.ref('source_sightings.first_seen_ms'), eb.val(row.first_seen_ms)]),
        last_seen_ms: eb.fn('max', [eb.ref('source_sightings.last_seen_ms'), eb.val(row.last_seen_ms)]),
      })),
    )
    .execute();
}

/** Every sighting, indexed for contextOf. */
export interface SightingIndex {
  byDevice: Map<string, DeviceSourceFact[]>;
  byMac: Map<string, DeviceSourceFact[]>;
}

export async function loadSightings(db: Db): Promise<SightingIndex> {
  const rows = await db.selectFrom('source_sightings').selectAll().orderBy('source').orderBy('location').execute();
  const index: SightingIndex = { byDevice: new Map(), byMac: new Map() };
  for (const row of rows) {
    const fact: DeviceSourceFact = {
      source: row.source as SightingSource,
      location: row.location,
      mac: row.mac ?? undefined,
      address: row.address ?? undefined,
      name: row.name ?? undefined,
      facts: parseFacts(row.facts_json),
      firstSeenMs: row.first_seen_ms,
      lastSeenMs: row.last_seen_ms,
    };
    if (row.device_id) push(index.byDevice, row.device_id, fact);
    if (row.mac) push(index.byMac, row.mac, fact);
  }
  return index;
}

/** What the sources say about one device: by the device it was tied to, or by its MAC. */
export function contextOf(index: SightingIndex, deviceId: string, mac: string | undefined): DeviceContext {
  const facts = new Set([...(index.byDevice.get(deviceId) ?? []), ...(mac ? (index.byMac.get(mac) ?? []) : [])]);
  const sources = [...facts];
  const ha = sources.find((f) => f.source === 'home-assistant');
  const integration = ha?.facts.integration;
  return {
    area: ha?.facts.area,
    floor: ha?.facts.floor,
    homeAssistant: integration
      ? { integration, title: ha?.facts.integrationTitle, deviceId: ha?.facts.haDeviceId }
      : undefined,
    sources,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function parseFacts(json: string): SightingFacts {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as SightingFacts) : {};
  } catch {
    return {};
  }
}
