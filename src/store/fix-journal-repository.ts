import { type DatabaseHandle, readWith, withWriteTransaction } from './database.ts';
import type { FixChangeState, FixChangesTable } from './fix-schema.ts';

export type { FixChangeState } from './fix-schema.ts';

/** One journalled setting change. `change` is the plan's description of it; it holds no secret. */
export interface FixJournalEntry {
  id: number;
  deviceId: string;
  address: string;
  fixId: string;
  checkId: string;
  change: unknown;
  state: FixChangeState;
  startedMs: number;
  finishedMs: number | undefined;
  outcome: string | undefined;
}

export type NewFixChange = Pick<FixJournalEntry, 'deviceId' | 'address' | 'fixId' | 'checkId' | 'change' | 'startedMs'>;

type Row = Omit<FixChangesTable, 'id'> & { id: number };

/**
 * The fix journal (migration 008-fix-journal). `begin` commits before the engine touches the device, `finish` after
 * it verified or reverted; a second `begin` for a device with a change in flight fails on the unique index, so two
 * runs never change one device at once.
 */
export class FixJournalRepository {
  readonly #handle: DatabaseHandle;

  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
  }

  begin(change: NewFixChange): Promise<FixJournalEntry> {
    return withWriteTransaction(this.#handle, 'journal a setting change in', async (db) => {
      const row = await db
        .insertInto('fix_changes')
        .values({
          device_id: change.deviceId,
          address: change.address,
          fix_id: change.fixId,
          check_id: change.checkId,
          change_json: JSON.stringify(change.change),
          state: 'started',
          started_ms: change.startedMs,
          finished_ms: null,
          outcome: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEntry(row);
    });
  }

  finish(id: number, state: Exclude<FixChangeState, 'started'>, outcome: string, finishedMs: number): Promise<void> {
    return withWriteTransaction(this.#handle, 'finish a setting change in', async (db) => {
      await db
        .updateTable('fix_changes')
        .set({ state, outcome, finished_ms: finishedMs })
        .where('id', '=', id)
        .where('state', '=', 'started')
        .execute();
    });
  }

  /** Changes that were started and never finished (a killed process), oldest first. */
  unfinished(): Promise<FixJournalEntry[]> {
    return readWith(this.#handle, 'read unfinished setting changes from', async (db) => {
      const rows = await db
        .selectFrom('fix_changes')
        .selectAll()
        .where('state', '=', 'started')
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    });
  }

  /** The newest `limit` changes, oldest first; of one device when given. */
  history(filter: { deviceId?: string; limit?: number } = {}): Promise<FixJournalEntry[]> {
    return readWith(this.#handle, 'read setting changes from', async (db) => {
      let query = db.selectFrom('fix_changes').selectAll().orderBy('id', 'desc');
      if (filter.deviceId !== undefined) query = query.where('device_id', '=', filter.deviceId);
      const rows = await query.limit(filter.limit ?? 200).execute();
      return rows.reverse().map(toEntry);
    });
  }
}

function toEntry(row: Row): FixJournalEntry {
  return {
    id: row.id,
    deviceId: row.device_id,
    address: row.address,
    fixId: row.fix_id,
    checkId: row.check_id,
    change: JSON.parse(row.change_json),
    state: row.state,
    startedMs: row.started_ms,
    finishedMs: row.finished_ms ?? undefined,
    outcome: row.outcome ?? undefined,
  };
}
