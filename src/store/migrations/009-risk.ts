import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 16 (common-sense risk): what the owner says about each device (category, what it controls, room, who uses
 * it, its upside) and the owner's risk decisions. A decision is never edited: a newer one closes it, and each is
 * audit-logged (firmware_audit_log, actions `risk-*`) in the same transaction. No foreign key to devices: an
 * identity merge must not lose a decision, and a decision about a device that has gone is still history.
 */
export const riskMigration: Migration = {
  version: 9,
  name: 'risk',
  async up(db) {
    await sql`CREATE TABLE risk_context (
      device_id TEXT PRIMARY KEY,
      context_json TEXT NOT NULL,
      updated_ms INTEGER NOT NULL
    )`.execute(db);
    await sql`CREATE TABLE risk_decisions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      device_id TEXT NOT NULL,
      decision TEXT NOT NULL CHECK (decision IN ('accept', 'mitigate', 'replace', 'remove')),
      reason TEXT NOT NULL,
      until_date TEXT,
      action TEXT,
      finding_keys_json TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      actor TEXT NOT NULL,
      closed_ms INTEGER,
      closed_by TEXT
    )`.execute(db);
    await sql`CREATE INDEX risk_decisions_open ON risk_decisions (device_id) WHERE closed_ms IS NULL`.execute(db);
  },
};
