import type { Kysely } from 'kysely';

/**
 * One schema step. Migrations are append-only: once a version has shipped, never edit it; add the next one.
 * `up` gets an untyped Kysely because it must keep working after StoreSchema moves on.
 */
export interface Migration {
  /** 1, 2, 3 … in file-name order (`NNN-name.ts`). */
  version: number;
  name: string;
  /**
   * Rebuilds a table that others reference (https://sqlite.org/lang_altertable.html#otheralter): the migrator turns
   * foreign keys off around the transaction, as SQLite's procedure requires (the pragma is a no-op inside one), so
   * dropping the old table neither cascades nor fails, and checks `PRAGMA foreign_key_check` before committing.
   */
  rebuildsTables?: boolean;
  up(db: Kysely<unknown>): Promise<void>;
}
