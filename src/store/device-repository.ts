import type { Kysely } from 'kysely';
import type { KnownIdentity } from './identity-merge.ts';
import type { DevicesTable, StoreSchema } from './schema.ts';

type Db = Kysely<StoreSchema>;

/** A devices row as read back. */
export type DeviceRow = DevicesTable;

/** A device's identity plus the scan that last saw it, for "gone" and "returned". */
export interface KnownDevice extends KnownIdentity {
  /** 0 when no scan has seen it yet (a device known only from the home's sources). */
  lastScanId: number;
  scanned: boolean;
}

/** Every device with what identity merging needs; a home has tens to hundreds, so one read per scan is cheap. */
export async function loadKnownDevices(db: Db): Promise<KnownDevice[]> {
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'mac', 'stable_id', 'tls_sha256', 'name', 'last_address', 'last_seen_ms', 'last_scan_id'])
    .execute();
  return rows.map((r) => ({
    deviceId: r.id,
    name: r.name ?? undefined,
    mac: r.mac ?? undefined,
    stableId: r.stable_id ?? undefined,
    tlsSha256: r.tls_sha256 ?? undefined,
    lastAddress: r.last_address,
    lastSeenMs: r.last_seen_ms,
    lastScanId: r.last_scan_id ?? 0,
    scanned: r.last_scan_id !== null,
  }));
}

export interface DeviceSighting {
  deviceId: string;
  /** Undefined for a sighting by one of the home's sources rather than a scan. */
  scanId: number | undefined;
  address: string;
  seenMs: number;
  mac: string | undefined;
  stableId: string | undefined;
  /** The certificate it presented, where it has TLS. */
  tlsSha256: string | undefined;
  family: string | undefined;
  name: string | undefined;
}

/** Inserts a new device with its first address-history row. */
export async function insertDevice(db: Db, s: DeviceSighting): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      id: s.deviceId,
      mac: s.mac ?? null,
      stable_id: s.stableId ?? null,
      tls_sha256: s.tlsSha256 ?? null,
      family: s.family ?? null,
      name: s.name ?? null,
      last_address: s.address,
      first_seen_ms: s.seenMs,
      last_seen_ms: s.seenMs,
      last_scan_id: s.scanId ?? null,
    })
    .execute();
  await db
    .insertInto('address_history')
    .values({ device_id: s.deviceId, address: s.address, first_seen_ms: s.seenMs, last_seen_ms: s.seenMs })
    .execute();
}

/**
 * Records that a known device was seen again: learns a MAC or stable id it lacked (never forgets one), keeps the newest
 * name, and extends the address history (a new row when the address changed, so A → B → A keeps all three stays).
 */
export async function updateDevice(db: Db, s: DeviceSighting): Promise<{ previousAddress: string }> {
  const row = await db.selectFrom('devices').selectAll().where('id', '=', s.deviceId).executeTakeFirstOrThrow();
  const newest = s.seenMs >= row.last_seen_ms;
  await db
    .updateTable('devices')
    .set({
      mac: s.mac ?? row.mac,
      stable_id: s.stableId ?? row.stable_id,
      tls_sha256: newest ? (s.tlsSha256 ?? row.tls_sha256) : row.tls_sha256,
      family: s.family ?? row.family,
      name: newest ? (s.name ?? row.name) : row.name,
      last_address: newest ? s.address : row.last_address,
      first_seen_ms: Math.min(row.first_seen_ms, s.seenMs),
      last_seen_ms: Math.max(row.last_seen_ms, s.seenMs),
      last_scan_id: s.scanId === undefined ? row.last_scan_id : Math.max(row.last_scan_id ?? 0, s.scanId),
    })
    .where('id', '=', s.deviceId)
    .execute();
  const stay = await db
    .selectFrom('address_history')
    .select(['id', 'address'])
    .where('device_id', '=', s.deviceId)
    .orderBy('last_seen_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (stay && stay.address === s.address) {
    await db
      .updateTable('address_history')
      .set((eb) => ({ last_seen_ms: eb.fn('max', [eb.ref('last_seen_ms'), eb.val(s.seenMs)]) }))
      .where('id', '=', stay.id)
      .execute();
  } else {
    await db
      .insertInto('address_history')
      .values({ device_id: s.deviceId, address: s.address, first_seen_ms: s.seenMs, last_seen_ms: s.seenMs })
      .execute();
  }
  return { previousAddress: row.last_address };
}

export async function allDevices(db: Db): Promise<DeviceRow[]> {
  return db.selectFrom('devices').selectAll().orderBy('last_address').orderBy('id').execute();
}

/** Devices matching a user's reference: the id, a MAC, an address held now, or a name (case-insensitive). */
export async function devicesByRef(db: Db, ref: { id?: string; mac?: string; address?: string; name?: string }) {
  let query = db.selectFrom('devices').selectAll();
  if (ref.id !== undefined) query = query.where('id', '=', ref.id);
  else if (ref.mac !== undefined) query = query.where('mac', '=', ref.mac);
  else if (ref.address !== undefined) query = query.where('last_address', '=', ref.address);
  else if (ref.name !== undefined)
    query = query.where((eb) => eb(eb.fn('lower', ['name']), '=', ref.name!.toLowerCase()));
  else return [];
  return query.orderBy('last_seen_ms', 'desc').execute();
}

export async function addressHistory(db: Db, deviceId: string) {
  const rows = await db
    .selectFrom('address_history')
    .select(['address', 'first_seen_ms', 'last_seen_ms'])
    .where('device_id', '=', deviceId)
    .orderBy('first_seen_ms')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ address: r.address, firstSeenMs: r.first_seen_ms, lastSeenMs: r.last_seen_ms }));
}
