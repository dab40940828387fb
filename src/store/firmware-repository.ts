/**
 * The firmware tables (migration 002): audit log, holds, accepted catalogues. Writes that belong together (a hold
 * and its audit entry) commit in one transaction, so the log never misses an action that took effect.
 */
import type { Kysely } from 'kysely';
import type { AuditActor, AuditEntry, AuditEntryInput, StoredHold } from './audit-types.ts';
import { type DatabaseHandle, readWith, withWriteTransaction } from './database.ts';
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
import type { StoreSchema } from './schema.ts';

export type { AuditFilter } from './firmware-audit-repository.ts';
export type { NewCatalogue, StoredCatalogue } from './firmware-catalogue-repository.ts';
export type { NewHold } from './firmware-hold-repository.ts';

type Db = Kysely<StoreSchema>;

/** Firmware management's records: the append-only audit log, holds and accepted catalogues. */
export class FirmwareRepository {
  readonly #handle: DatabaseHandle;

  /** The firmware tables of an open, migrated database; Store makes one per connection. */
  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
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

  #write<T>(action: string, work: (db: Db) => Promise<T>): Promise<T> {
    return withWriteTransaction(this.#handle, action, work);
  }

  #read<T>(action: string, query: (db: Db) => Promise<T>): Promise<T> {
    return readWith(this.#handle, action, query);
  }
}
