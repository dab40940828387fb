import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 13 (fix apply): the journal of setting changes. A row is written, committed, before anything is sent to the
 * device, and finished after the change was verified (or reverted): a process killed in between leaves `started`,
 * and the next run reconciles it by reading the device. At most one change per device is in flight. The audit log
 * (firmware_audit_log, append-only) gets an entry for each step as well. No column ever holds a secret.
 */
export const fixJournalMigration: Migration = {
  version: 11,
  name: 'fix-journal',
  async up(db) {
    await sql`CREATE TABLE fix_changes (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      device_id TEXT NOT NULL,
      address TEXT NOT NULL,
      fix_id TEXT NOT NULL,
      check_id TEXT NOT NULL,
      change_json TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('started', 'done', 'failed', 'reverted', 'unknown')),
      started_ms INTEGER NOT NULL,
      finished_ms INTEGER,
      outcome TEXT
    )`.execute(db);
    await sql`CREATE UNIQUE INDEX fix_changes_one_in_flight ON fix_changes (device_id) WHERE state = 'started'`.execute(
      db,
    );
    await sql`CREATE INDEX fix_changes_device ON fix_changes (device_id, id)`.execute(db);
  },
};
