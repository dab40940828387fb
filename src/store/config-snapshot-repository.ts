import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.ts';
import type { ConfigSnapshot } from './types.ts';

type Db = Kysely<StoreSchema>;

/** JSON with object keys sorted, so the same configuration always hashes the same whatever order the device used. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Keeps the device's configuration as read in this scan (secrets already redacted by the adapter), for later diffs. */
export async function insertConfigSnapshot(
  db: Db,
  scanId: number,
  deviceId: string,
  takenMs: number,
  config: unknown,
): Promise<void> {
  const configJson = canonicalJson(config);
  await db
    .insertInto('config_snapshots')
    .values({
      scan_id: scanId,
      device_id: deviceId,
      taken_ms: takenMs,
      config_json: configJson,
      config_sha256: createHash('sha256').update(configJson).digest('hex'),
    })
    .execute();
}

/** Configuration snapshots of a device taken at or after `sinceMs`, oldest first. */
export async function configSnapshots(db: Db, deviceId: string, sinceMs: number): Promise<ConfigSnapshot[]> {
  const rows = await db
    .selectFrom('config_snapshots')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('taken_ms', '>=', sinceMs)
    .orderBy('taken_ms')
    .orderBy('scan_id')
    .execute();
  return rows.map((r) => ({
    scanId: r.scan_id,
    takenMs: r.taken_ms,
    sha256: r.config_sha256,
    config: JSON.parse(r.config_json) as unknown,
  }));
}
