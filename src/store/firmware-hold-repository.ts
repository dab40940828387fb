import type { Kysely } from 'kysely';
import type { AuditActor, StoredHold } from './audit-types.ts';
import type { FirmwareHoldsTable } from './firmware-schema.ts';
import type { StoreSchema } from './schema.ts';

type Db = Kysely<StoreSchema>;
type Row = Omit<FirmwareHoldsTable, 'id'> & { id: number };

export type NewHold = Omit<StoredHold, 'id'>;

export async function insertHold(db: Db, hold: NewHold): Promise<StoredHold> {
  const row = await db
    .insertInto('firmware_holds')
    .values({
      scope: hold.scope,
      target: hold.target,
      reason: hold.reason,
      until_date: hold.until,
      created_ms: hold.createdMs,
      actor: hold.actor,
      automatic: hold.automatic ? 1 : 0,
      released_ms: null,
      released_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toHold(row);
}

/** Holds not released yet, oldest first. Expired ones are included: expiry is judged against the caller's clock. */
export async function selectActiveHolds(db: Db): Promise<StoredHold[]> {
  const rows = await db
    .selectFrom('firmware_holds')
    .selectAll()
    .where('released_ms', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(toHold);
}

/** Marks the given holds released; returns the ones that were still active. */
export async function markReleased(
  db: Db,
  ids: readonly number[],
  releasedMs: number,
  by: AuditActor,
): Promise<StoredHold[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('firmware_holds')
    .set({ released_ms: releasedMs, released_by: by })
    .where('id', 'in', ids)
    .where('released_ms', 'is', null)
    .returningAll()
    .execute();
  return rows.map(toHold);
}

function toHold(row: Row): StoredHold {
  return {
    id: row.id,
    scope: row.scope,
    target: row.target,
    reason: row.reason,
    until: row.until_date,
    createdMs: row.created_ms,
    actor: row.actor,
    automatic: row.automatic === 1,
  };
}
