/**
 * The firmware tables (migration 002): audit log, holds, accepted catalogues. Writes that belong together (a hold
 * and its audit entry) commit in one transaction, so the log never misses an action that took effect.
 */
import type { Kysely } from 'kysely';
import type { AuditActor, AuditEntry, AuditEntryInput, StoredHold } from './audit-types.ts';
import { type DatabaseHandle, type DatabaseOptions, openDatabase, withWriteTransaction } from './database.ts';
import {
  type AuditFilter,
  insertAuditEntry,
  selectAuditEntries,
  selectLastAudit,
} from './firmware-audit-repository.ts';
import {
  insertCatalogue,
  type NewCatalogue,
  type StoredCatalogue,
  selectCatalogues,
} from './firmware-catalogue-repository.ts';
import { insertHold, markReleased, type NewHold, selectActiveHolds } from './firmware-hold-repository.ts';
import type { FirmwareSchema } from './firmware-schema.ts';
import { migrate } from './migrator.ts';
import { translateSqliteError } from './sqlite-errors.ts';
import type { Store } from './store.ts';

export type { AuditFilter } from './firmware-audit-repository.ts';
export type { NewCatalogue, StoredCatalogue } from './firmware-catalogue-repository.ts';
export type { NewHold } from './firmware-hold-repository.ts';

type Db = Kysely<FirmwareSchema>;

export class FirmwareStore {
  #handle: DatabaseHandle;
  #owned: boolean;

  /** Wraps an open, migrated handle. `owned`: close() closes it. */
  constructor(handle: DatabaseHandle, options: { owned?: boolean } = {}) {
    this.#handle = handle;
    this.#owned = options.owned ?? false;
  }

  get file(): string {
    return this.#handle.file;
  }

  appendAudit(entry: AuditEntryInput): Promise<AuditEntry> {
    return this.#write('append to the firmware audit log in', (db) => insertAuditEntry(db, entry));
  }

  auditEntries(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return this.#read('read the firmware audit log from', (db) => selectAuditEntries(db, filter));
  }

  /** The newest audit entry with this action. */
  lastAudit(action: string): Promise<AuditEntry | undefined> {
    return this.#read('read the firmware audit log from', (db) => selectLastAudit(db, action));
  }

  /** Stores a hold and its audit entry together. */
  addHold(hold: NewHold, audit: AuditEntryInput): Promise<{ hold: StoredHold; entry: AuditEntry }> {
    return this.#write('store a firmware hold in', async (db) => ({
      hold: await insertHold(db, hold),
      entry: await insertAuditEntry(db, audit),
    }));
  }

  /** Holds not yet released (expired ones included). */
  activeHolds(): Promise<StoredHold[]> {
    return this.#read('read firmware holds from', (db) => selectActiveHolds(db));
  }

  /** Releases holds and writes one audit entry per released hold, in one transaction. */
  releaseHolds(
    ids: readonly number[],
    releasedMs: number,
    by: AuditActor,
    audit: (hold: StoredHold) => AuditEntryInput,
  ): Promise<StoredHold[]> {
    return this.#write('release firmware holds in', async (db) => {
      const released = await markReleased(db, ids, releasedMs, by);
      for (const hold of released) await insertAuditEntry(db, audit(hold));
      return released;
    });
  }

  /** Stores an accepted catalogue and its audit entry together. */
  saveCatalogue(catalogue: NewCatalogue, audit: AuditEntryInput): Promise<StoredCatalogue> {
    return this.#write('store a firmware catalogue in', async (db) => {
      const stored = await insertCatalogue(db, catalogue);
      await insertAuditEntry(db, audit);
      return stored;
    });
  }

  /** Accepted catalogues, newest serial first. */
  catalogues(): Promise<StoredCatalogue[]> {
    return this.#read('read firmware catalogues from', (db) => selectCatalogues(db));
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#handle.db.destroy();
  }

  #write<T>(action: string, work: (db: Db) => Promise<T>): Promise<T> {
    return withWriteTransaction(this.#handle, action, (trx) => work(trx as unknown as Db));
  }

  async #read<T>(action: string, query: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await query(this.#handle.db as unknown as Db);
    } catch (error) {
      throw translateSqliteError(error, this.#handle.file, action);
    }
  }
}

/**
 * Opens the firmware tables of the inventory at `file` on a connection of their own, migrating it when writable.
 * Close it with `close()`.
 */
export async function openFirmwareStore(file: string, options: DatabaseOptions = {}): Promise<FirmwareStore> {
  const handle = openDatabase(file, options);
  try {
    await migrate(handle);
  } catch (error) {
    await handle.db.destroy();
    throw error;
  }
  return new FirmwareStore(handle, { owned: true });
}

/** The firmware tables of an open Store's file (a second connection; WAL lets both read and write). */
export function firmwareStoreFor(store: Store, options: DatabaseOptions = {}): Promise<FirmwareStore> {
  return openFirmwareStore(store.file, options);
}
