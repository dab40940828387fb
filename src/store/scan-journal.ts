import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.ts';
import type { HostScanResult } from './types.ts';

type Db = Kysely<StoreSchema>;

/**
 * The journal of a running scan (migration 007): one row per inspected host, committed as the host finishes.
 * A host journaled twice keeps its newest result. Returns how many hosts the scan has journaled.
 */
export async function journalHost(db: Db, scanId: number, result: HostScanResult, recordedMs: number): Promise<number> {
  await db
    .insertInto('scan_hosts')
    .values({
      scan_id: scanId,
      address: result.host.address,
      recorded_ms: recordedMs,
      result_json: JSON.stringify({ ...result, observedMs: result.observedMs ?? recordedMs }),
    })
    .onConflict((oc) =>
      oc.columns(['scan_id', 'address']).doUpdateSet((eb) => ({
        recorded_ms: eb.ref('excluded.recorded_ms'),
        result_json: eb.ref('excluded.result_json'),
      })),
    )
    .execute();
  const row = await db
    .selectFrom('scan_hosts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('scan_id', '=', scanId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The hosts a scan journaled, in the order they finished. */
export async function journaledHosts(db: Db, scanId: number): Promise<HostScanResult[]> {
  const rows = await db
    .selectFrom('scan_hosts')
    .select('result_json')
    .where('scan_id', '=', scanId)
    .orderBy('recorded_ms')
    .orderBy('address')
    .execute();
  return rows.map((r) => JSON.parse(r.result_json) as HostScanResult);
}

/** Empties a scan's journal once its hosts are in the inventory. */
export async function clearJournal(db: Db, scanId: number): Promise<void> {
  await db.deleteFrom('scan_hosts').where('scan_id', '=', scanId).execute();
}
