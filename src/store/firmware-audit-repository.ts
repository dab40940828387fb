import type { Kysely } from 'kysely';
import type { AuditEntry, AuditEntryInput } from './audit-types.ts';
import type { FirmwareAuditLogTable } from './firmware-schema.ts';
import type { StoreSchema } from './schema.ts';

type Db = Kysely<StoreSchema>;
type Row = Omit<FirmwareAuditLogTable, 'id'> & { id: number };

/** Appends one entry; the table has no UPDATE or DELETE path (triggers refuse both). */
export async function insertAuditEntry(db: Db, entry: AuditEntryInput): Promise<AuditEntry> {
  const row = await db
    .insertInto('firmware_audit_log')
    .values({
      time_ms: entry.timeMs,
      actor: entry.actor,
      action: entry.action,
      device_id: entry.deviceId ?? null,
      model: entry.model ?? null,
      before_version: entry.beforeVersion ?? null,
      after_version: entry.afterVersion ?? null,
      result: entry.result,
      detail: entry.detail,
      data_json: entry.data === undefined ? null : JSON.stringify(entry.data),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEntry(row);
}

export interface AuditFilter {
  deviceId?: string;
  /** Only the newest `limit` entries (still returned oldest first). */
  limit?: number;
}

/** Entries oldest first. */
export async function selectAuditEntries(db: Db, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  let query = db.selectFrom('firmware_audit_log').selectAll().orderBy('id', 'desc');
  if (filter.deviceId !== undefined) query = query.where('device_id', '=', filter.deviceId);
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  const rows = await query.execute();
  return rows.reverse().map(toEntry);
}

/** The newest entry with this action, if any. */
export async function selectLastAudit(db: Db, action: string): Promise<AuditEntry | undefined> {
  const row = await db
    .selectFrom('firmware_audit_log')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

function toEntry(row: Row): AuditEntry {
  const entry: AuditEntry = {
    id: row.id,
    timeMs: row.time_ms,
    actor: row.actor,
    action: row.action,
    result: row.result,
    detail: row.detail,
  };
  if (row.device_id !== null) entry.deviceId = row.device_id;
  if (row.model !== null) entry.model = row.model;
  if (row.before_version !== null) entry.beforeVersion = row.before_version;
  if (row.after_version !== null) entry.afterVersion = row.after_version;
  if (row.data_json !== null) entry.data = JSON.parse(row.data_json);
  return entry;
}
