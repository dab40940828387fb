import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 4 (firmware): the append-only audit log, holds set from the CLI or the apply engine, and the signed
 * catalogues accepted by `catalog update`.
 */
export const firmwareMigration: Migration = {
  version: 2,
  name: 'firmware',
  async up(db) {
    // No foreign key to devices: the log must outlive any row it mentions.
    await sql`CREATE TABLE firmware_audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      time_ms INTEGER NOT NULL,
      actor TEXT NOT NULL CHECK (actor IN ('scheduler', 'cli')),
      action TEXT NOT NULL,
      device_id TEXT,
      model TEXT,
      before_version TEXT,
      after_version TEXT,
      result TEXT NOT NULL CHECK (result IN ('ok', 'started', 'failed', 'refused', 'skipped', 'info')),
      detail TEXT NOT NULL,
      data_json TEXT
    )`.execute(db);
    await sql`CREATE INDEX firmware_audit_log_device ON firmware_audit_log (device_id, id)`.execute(db);
    // Append-only is enforced by SQLite itself (https://sqlite.org/lang_createtrigger.html#raise), so no code
    // path, present or future, can rewrite history.
    await sql`CREATE TRIGGER firmware_audit_log_no_update BEFORE UPDATE ON firmware_audit_log
      BEGIN SELECT RAISE(ABORT, 'firmware_audit_log is append-only: entries cannot be changed'); END`.execute(db);
    await sql`CREATE TRIGGER firmware_audit_log_no_delete BEFORE DELETE ON firmware_audit_log
      BEGIN SELECT RAISE(ABORT, 'firmware_audit_log is append-only: entries cannot be deleted'); END`.execute(db);
    await sql`CREATE TABLE firmware_holds (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      scope TEXT NOT NULL CHECK (scope IN ('device', 'model')),
      target TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (length(reason) > 0),
      until_date TEXT NOT NULL CHECK (until_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      created_ms INTEGER NOT NULL,
      actor TEXT NOT NULL CHECK (actor IN ('scheduler', 'cli')),
      automatic INTEGER NOT NULL CHECK (automatic IN (0, 1)),
      released_ms INTEGER,
      released_by TEXT CHECK (released_by IS NULL OR released_by IN ('scheduler', 'cli'))
    )`.execute(db);
    await sql`CREATE INDEX firmware_holds_active ON firmware_holds (released_ms, scope, target)`.execute(db);
    await sql`CREATE TABLE firmware_catalogues (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      serial INTEGER NOT NULL,
      published TEXT NOT NULL,
      key_id TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      imported_ms INTEGER NOT NULL,
      source TEXT NOT NULL,
      payload TEXT NOT NULL,
      signature TEXT NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX firmware_catalogues_serial ON firmware_catalogues (serial, id)`.execute(db);
  },
};
