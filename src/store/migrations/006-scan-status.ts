import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 8 (results kept as hosts finish): a scan row exists from the start of a scan, `running` until the scan is
 * recorded, and `interrupted` when its process died first (found by the next open). The runner columns name the
 * process, so another process can tell a dead scan from a live one. SQLite cannot change a CHECK constraint in
 * place, so the table is rebuilt with SQLite's documented procedure (https://sqlite.org/lang_altertable.html#otheralter,
 * foreign keys off: see Migration.rebuildsTables); ids and the AUTOINCREMENT high-water mark are kept, so devices and
 * observations still point at the same scans.
 */
export const scanStatusMigration: Migration = {
  version: 6,
  name: 'scan-status',
  rebuildsTables: true,
  async up(db) {
    await sql`CREATE TABLE scans_new (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      started_ms INTEGER NOT NULL,
      finished_ms INTEGER NOT NULL,
      targets_json TEXT NOT NULL,
      ports TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'cancelled', 'failed', 'interrupted')),
      host_count INTEGER NOT NULL,
      runner_pid INTEGER,
      runner_host TEXT
    )`.execute(db);
    await sql`INSERT INTO scans_new (id, started_ms, finished_ms, targets_json, ports, status, host_count)
      SELECT id, started_ms, finished_ms, targets_json, ports, status, host_count FROM scans`.execute(db);
    const sequence = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'scans'`.execute(db);
    await sql`DROP TABLE scans`.execute(db);
    await sql`ALTER TABLE scans_new RENAME TO scans`.execute(db);
    // A deleted newest scan must not have its id handed out again (that is what AUTOINCREMENT promises).
    const old = sequence.rows[0]?.seq;
    if (old !== undefined) {
      await sql`DELETE FROM sqlite_sequence WHERE name = 'scans'`.execute(db);
      await sql`INSERT INTO sqlite_sequence (name, seq)
        VALUES ('scans', max(${old}, (SELECT coalesce(max(id), 0) FROM scans)))`.execute(db);
    }
  },
};
