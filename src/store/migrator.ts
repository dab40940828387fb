import { type Kysely, sql } from 'kysely';
import { StoreError } from '../errors/index.ts';
import { type DatabaseHandle, withWriteTransaction } from './database.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import type { StoreSchema } from './schema.ts';
import { STORE_ERROR_CODES, translateSqliteError } from './sqlite-errors.ts';

/** `PRAGMA application_id` of an iotwarden database: 'iotw' (set by migration 1). */
export const APPLICATION_ID = 0x696f7477;

interface SchemaState {
  appliedVersions: Set<number>;
  hasMigrationsTable: boolean;
}

async function readState(db: Kysely<StoreSchema>, file: string): Promise<SchemaState> {
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db);
  const hasMigrationsTable = tables.rows.some((t) => t.name === 'schema_migrations');
  const appId = await sql<{ application_id: number }>`PRAGMA application_id`.execute(db);
  const applicationId = appId.rows[0]?.application_id ?? 0;
  const foreignTables = tables.rows.filter((t) => !t.name.startsWith('sqlite_')).length > 0 && !hasMigrationsTable;
  if ((applicationId !== 0 && applicationId !== APPLICATION_ID) || foreignTables) {
    throw new StoreError(
      `${file} is not an iotwarden database: it holds another program's data. Pass --db with another file; this one was left untouched.`,
      undefined,
      STORE_ERROR_CODES.notIotwarden,
    );
  }
  if (!hasMigrationsTable) return { appliedVersions: new Set(), hasMigrationsTable };
  const rows = await db.selectFrom('schema_migrations').select('version').execute();
  return { appliedVersions: new Set(rows.map((r) => r.version)), hasMigrationsTable };
}

function checkNotNewer(file: string, state: SchemaState, latest: number): void {
  const newest = Math.max(0, ...state.appliedVersions);
  if (newest > latest) {
    throw new StoreError(
      `${file} was written by a newer iotwarden (schema version ${newest}; this one knows up to ${latest}). Upgrade iotwarden, or pass --db with another file. The file was left untouched.`,
      undefined,
      STORE_ERROR_CODES.newerSchema,
    );
  }
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1)
      throw new StoreError(`migration ${m.name} has version ${m.version}, want ${index + 1}`);
  });
}

/**
 * Brings the schema up to the newest migration. Each pending migration runs with its `schema_migrations` row in one
 * transaction, and the applied set is re-read inside it, so two processes opening the same file never apply one twice.
 * A read-only handle is only checked: it must already be at the newest version.
 */
export async function migrate(
  handle: DatabaseHandle,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ version: number; applied: number[] }> {
  checkOrder(migrations);
  const latest = migrations.length;
  let state: SchemaState;
  try {
    state = await readState(handle.db, handle.file);
  } catch (error) {
    throw translateSqliteError(error, handle.file, 'read the schema of');
  }
  checkNotNewer(handle.file, state, latest);
  const pending = migrations.filter((m) => !state.appliedVersions.has(m.version));
  if (handle.readonly) {
    if (pending.length > 0) {
      throw new StoreError(
        `${handle.file} uses an older schema (version ${Math.max(0, ...state.appliedVersions)}, this iotwarden needs ${latest}). Run any command without read-only access once to upgrade it.`,
        undefined,
        STORE_ERROR_CODES.olderSchema,
      );
    }
    return { version: latest, applied: [] };
  }
  const applied: number[] = [];
  for (const migration of pending) {
    if (await applyOne(handle, migration, latest)) applied.push(migration.version);
  }
  return { version: latest, applied };
}

/** Applies one migration with its `schema_migrations` row in one transaction; false when another process won. */
async function applyOne(handle: DatabaseHandle, migration: Migration, latest: number): Promise<boolean> {
  const action = `apply migration ${migration.version}-${migration.name} to`;
  // https://sqlite.org/pragma.html#pragma_foreign_keys: a no-op inside a transaction, so it is set around it.
  if (migration.rebuildsTables) await sql`PRAGMA foreign_keys = OFF`.execute(handle.db);
  try {
    return await withWriteTransaction(handle, action, async (trx) => {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL
      )`.execute(trx);
      const current = await readState(trx, handle.file);
      checkNotNewer(handle.file, current, latest);
      if (current.appliedVersions.has(migration.version)) return false;
      await migration.up(trx as unknown as Kysely<unknown>);
      if (migration.rebuildsTables) await checkForeignKeys(trx, migration);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_ms: Date.now() })
        .execute();
      return true;
    });
  } finally {
    if (migration.rebuildsTables) await sql`PRAGMA foreign_keys = ON`.execute(handle.db);
  }
}

/** Step 10 of SQLite's table-rebuild procedure: the rebuilt tables must still satisfy every foreign key. */
async function checkForeignKeys(trx: Kysely<StoreSchema>, migration: Migration): Promise<void> {
  const broken = await sql<{ table: string; parent: string }>`PRAGMA foreign_key_check`.execute(trx);
  if (broken.rows.length === 0) return;
  const first = broken.rows[0]!;
  throw new StoreError(
    `migration ${migration.version}-${migration.name} would break ${broken.rows.length} foreign key(s) (first: ${first.table} → ${first.parent}); nothing was changed`,
    undefined,
    STORE_ERROR_CODES.corrupt,
  );
}
