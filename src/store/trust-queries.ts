import type { Kysely } from 'kysely';
import type { StoreSchema, TrustOrigin } from './schema.ts';

type Db = Kysely<StoreSchema>;

/** The identity a credential is bound to; an absent part is not bound yet. */
export interface TrustBinding {
  mac?: string;
  stableId?: string;
  tlsSha256?: string;
}

/** A device accepted for the owner's credentials. */
export interface DeviceTrust {
  deviceId: string;
  acceptedMs: number;
  acceptedBy: TrustOrigin;
  binding: TrustBinding;
  /** When the binding was last completed (first use); undefined while it is only what the inventory knew. */
  boundMs?: number;
}

/** A device as the trust gate sees it: its identity, where it was last seen, and its trust if any. */
export interface TrustedDeviceView {
  deviceId: string;
  name?: string;
  family?: string;
  lastAddress: string;
  mac?: string;
  stableId?: string;
  tlsSha256?: string;
  trust?: DeviceTrust;
}

/** One credential use to remember: the device it went to and the identity that device presented. */
export interface CredentialUse {
  deviceId: string;
  binding: TrustBinding;
  /** How the device came to be trusted when it was not yet (a first use of trustOnFirstUse or a device entry). */
  origin: TrustOrigin;
  /** The certificate changed under a vendor CA that vouches for the same device: the pin follows it. */
  replaceCertificate?: boolean;
}

function bindingOf(row: { bound_mac: string | null; bound_stable_id: string | null; bound_tls_sha256: string | null }) {
  const binding: TrustBinding = {};
  if (row.bound_mac) binding.mac = row.bound_mac;
  if (row.bound_stable_id) binding.stableId = row.bound_stable_id;
  if (row.bound_tls_sha256) binding.tlsSha256 = row.bound_tls_sha256;
  return binding;
}

/** Every device of the inventory with its trust, for the gate of one scan (a home has tens to hundreds). */
export async function selectTrustView(db: Db): Promise<TrustedDeviceView[]> {
  const rows = await db
    .selectFrom('devices as d')
    .leftJoin('device_trust as t', 't.device_id', 'd.id')
    .select([
      'd.id',
      'd.name',
      'd.family',
      'd.last_address',
      'd.mac',
      'd.stable_id',
      'd.tls_sha256',
      't.accepted_ms',
      't.accepted_by',
      't.bound_mac',
      't.bound_stable_id',
      't.bound_tls_sha256',
      't.bound_ms',
    ])
    .orderBy('d.last_seen_ms', 'desc')
    .execute();
  return rows.map((r) => {
    const view: TrustedDeviceView = { deviceId: r.id, lastAddress: r.last_address };
    if (r.name) view.name = r.name;
    if (r.family) view.family = r.family;
    if (r.mac) view.mac = r.mac;
    if (r.stable_id) view.stableId = r.stable_id;
    if (r.tls_sha256) view.tlsSha256 = r.tls_sha256;
    if (r.accepted_ms !== null && r.accepted_by !== null) {
      view.trust = { deviceId: r.id, acceptedMs: r.accepted_ms, acceptedBy: r.accepted_by, binding: bindingOf(r) };
      if (r.bound_ms !== null) view.trust.boundMs = r.bound_ms;
    }
    return view;
  });
}

/**
 * Trusts a device, bound to the identity the inventory knows for it (its MAC, stable id and certificate). A device
 * trusted already keeps its trust and binding. Returns whether it was trusted before.
 */
export async function insertTrust(db: Db, deviceId: string, origin: TrustOrigin, nowMs: number): Promise<boolean> {
  const existing = await db.selectFrom('device_trust').select('device_id').where('device_id', '=', deviceId).execute();
  if (existing.length > 0) return true;
  const device = await db
    .selectFrom('devices')
    .select(['mac', 'stable_id', 'tls_sha256'])
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('device_trust')
    .values({
      device_id: deviceId,
      accepted_ms: nowMs,
      accepted_by: origin,
      bound_mac: device.mac,
      bound_stable_id: device.stable_id,
      bound_tls_sha256: device.tls_sha256,
      bound_ms: null,
    })
    .execute();
  return false;
}

/** Removes a device's trust and binding; false when it had none. */
export async function deleteTrust(db: Db, deviceId: string): Promise<boolean> {
  const result = await db.deleteFrom('device_trust').where('device_id', '=', deviceId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Records credential uses: a device without trust becomes trusted with the use's origin and bound to what it
 * presented; a trusted device's binding gains the parts it lacked (never loses or changes one, except a certificate
 * that a vendor CA vouched for).
 */
export async function recordUses(db: Db, uses: readonly CredentialUse[], nowMs: number): Promise<void> {
  for (const use of uses) {
    const row = await db
      .selectFrom('device_trust')
      .selectAll()
      .where('device_id', '=', use.deviceId)
      .executeTakeFirst();
    const known = await db.selectFrom('devices').select('id').where('id', '=', use.deviceId).executeTakeFirst();
    if (!known) continue;
    if (!row) {
      await db
        .insertInto('device_trust')
        .values({
          device_id: use.deviceId,
          accepted_ms: nowMs,
          accepted_by: use.origin,
          bound_mac: use.binding.mac ?? null,
          bound_stable_id: use.binding.stableId ?? null,
          bound_tls_sha256: use.binding.tlsSha256 ?? null,
          bound_ms: nowMs,
        })
        .execute();
      continue;
    }
    const tls = use.replaceCertificate ? (use.binding.tlsSha256 ?? row.bound_tls_sha256) : row.bound_tls_sha256;
    await db
      .updateTable('device_trust')
      .set({
        bound_mac: row.bound_mac ?? use.binding.mac ?? null,
        bound_stable_id: row.bound_stable_id ?? use.binding.stableId ?? null,
        bound_tls_sha256: tls ?? use.binding.tlsSha256 ?? null,
        bound_ms: nowMs,
      })
      .where('device_id', '=', use.deviceId)
      .execute();
  }
}

/** The newest scan that has ended (complete, cancelled, failed or interrupted), if any. */
export async function latestEndedScanId(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('scans')
    .select('id')
    .where('status', '!=', 'running')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Devices whose first observation is in scan `scanId`, each with whether that scan found it in an identity conflict. */
export async function devicesFirstSeenIn(
  db: Db,
  scanId: number,
  conflictCheckId: string,
): Promise<Array<{ deviceId: string; conflict: boolean }>> {
  const firsts = await db
    .selectFrom('observations')
    .select(['device_id', (eb) => eb.fn.min<number>('scan_id').as('first_scan')])
    .groupBy('device_id')
    .having((eb) => eb.fn.min('scan_id'), '=', scanId)
    .execute();
  const conflicted = await db
    .selectFrom('findings')
    .select('device_id')
    .where('scan_id', '=', scanId)
    .where('check_id', '=', conflictCheckId)
    .execute();
  const inConflict = new Set(conflicted.map((r) => r.device_id));
  return firsts
    .map((r) => ({ deviceId: r.device_id, conflict: inConflict.has(r.device_id) }))
    .sort((a, b) => a.deviceId.localeCompare(b.deviceId));
}
