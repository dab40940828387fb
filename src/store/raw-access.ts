import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../errors/index.ts';
import { STORE_ERROR_CODES, translateSqliteError } from './sqlite-errors.ts';

/**
 * Synchronous SQL on the raw better-sqlite3 connection under the store's Kysely layer, for repositories whose writes
 * are many small rows (flows, answers). Failures become StoreErrors that name the file and the action, as everywhere.
 */
export class RawAccess {
  readonly db: BetterSqlite3.Database;
  readonly file: string;

  constructor(db: BetterSqlite3.Database, file: string) {
    this.db = db;
    this.file = file;
  }

  read<T>(action: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw translateSqliteError(error, this.file, action);
    }
  }

  /**
   * Runs `work` in one immediate transaction. A Kysely transaction of this process may be open across awaits, and a
   * raw write started meanwhile would silently join it: refuse that instead (it would be a bug in iotwarden).
   */
  write<T>(action: string, work: () => T): T {
    if (this.db.inTransaction) {
      throw new StoreError(
        `Could not ${action} ${this.file}: another write of this process is still in progress. This is a bug in iotwarden; please report it.`,
        undefined,
        STORE_ERROR_CODES.locked,
      );
    }
    return this.read(action, () => this.db.transaction(work).immediate());
  }
}
