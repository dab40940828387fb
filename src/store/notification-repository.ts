/** SQL of the notification outbox (migration 006): events keyed for deduplication, deliveries per target. */
import type { Kysely } from 'kysely';
import type { NotificationDeliveriesTable, ServeSchema } from './serve-schema.ts';
import type { DeliveryRecord, DeliveryState, NotificationEventRecord } from './serve-types.ts';

type Db = Kysely<ServeSchema>;

/**
 * Stores an event with one pending delivery per target, unless an event with the same key exists: then nothing is
 * written and false is returned. This is the duplicate suppression: a key is delivered at most once, ever.
 */
export async function insertEventOnce(
  db: Db,
  event: NotificationEventRecord,
  targets: readonly string[],
): Promise<boolean> {
  const inserted = await db
    .insertInto('notification_events')
    .values({
      event_key: event.eventKey,
      kind: event.kind,
      severity: event.severity,
      time_ms: event.timeMs,
      title: event.title,
      body: event.body,
      device_id: event.deviceId,
      data_json: event.data === undefined ? null : JSON.stringify(event.data),
    })
    .onConflict((oc) => oc.column('event_key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
  for (const target of targets) {
    await db
      .insertInto('notification_deliveries')
      .values({
        event_key: event.eventKey,
        target,
        state: 'pending',
        attempts: 0,
        next_attempt_ms: event.timeMs,
        last_error: null,
        updated_ms: event.timeMs,
      })
      .execute();
  }
  return true;
}

const toDelivery = (row: Omit<NotificationDeliveriesTable, 'id'> & { id: number }): DeliveryRecord => ({
  id: row.id,
  eventKey: row.event_key,
  target: row.target,
  state: row.state,
  attempts: row.attempts,
  nextAttemptMs: row.next_attempt_ms,
  lastError: row.last_error,
  updatedMs: row.updated_ms,
});

/** Pending deliveries whose time has come, oldest first, with their events. */
export async function selectDueDeliveries(
  db: Db,
  nowMs: number,
  limit: number,
): Promise<Array<{ delivery: DeliveryRecord; event: NotificationEventRecord }>> {
  const rows = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notification_events as e', 'e.event_key', 'd.event_key')
    .selectAll('d')
    .select(['e.kind', 'e.severity', 'e.time_ms', 'e.title', 'e.body', 'e.device_id', 'e.data_json'])
    .where('d.state', '=', 'pending')
    .where('d.next_attempt_ms', '<=', nowMs)
    .orderBy('d.next_attempt_ms')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    delivery: toDelivery(row),
    event: {
      eventKey: row.event_key,
      kind: row.kind,
      severity: row.severity,
      timeMs: row.time_ms,
      title: row.title,
      body: row.body,
      deviceId: row.device_id,
      data: row.data_json === null ? undefined : JSON.parse(row.data_json),
    },
  }));
}

export async function updateDelivery(
  db: Db,
  id: number,
  change: { state: DeliveryState; attempts: number; nextAttemptMs: number; lastError: string | null; nowMs: number },
): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({
      state: change.state,
      attempts: change.attempts,
      next_attempt_ms: change.nextAttemptMs,
      last_error: change.lastError,
      updated_ms: change.nowMs,
    })
    .where('id', '=', id)
    .execute();
}

export async function selectDeliveries(
  db: Db,
  filter: { state?: DeliveryState | undefined; limit: number },
): Promise<Array<DeliveryRecord & { title: string; kind: string; severity: string }>> {
  let query = db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notification_events as e', 'e.event_key', 'd.event_key')
    .selectAll('d')
    .select(['e.title', 'e.kind', 'e.severity'])
    .orderBy('d.updated_ms', 'desc')
    .orderBy('d.id', 'desc');
  if (filter.state !== undefined) query = query.where('d.state', '=', filter.state);
  const rows = await query.limit(filter.limit).execute();
  return rows.map((row) => ({ ...toDelivery(row), title: row.title, kind: row.kind, severity: row.severity }));
}

export async function selectCursor(db: Db, name: string): Promise<number | undefined> {
  const row = await db.selectFrom('notifier_cursors').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

export async function upsertCursor(db: Db, name: string, value: number): Promise<void> {
  await db
    .insertInto('notifier_cursors')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

/** The newest events, newest first: what the home has seen happen lately (the "recent changes"). */
export async function selectRecentEvents(db: Db, limit: number): Promise<NotificationEventRecord[]> {
  const rows = await db.selectFrom('notification_events').selectAll().orderBy('time_ms', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    eventKey: row.event_key,
    kind: row.kind,
    severity: row.severity,
    timeMs: row.time_ms,
    title: row.title,
    body: row.body,
    deviceId: row.device_id,
    data: row.data_json === null ? undefined : JSON.parse(row.data_json),
  }));
}
