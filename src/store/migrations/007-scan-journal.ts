import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 8 (results kept as hosts finish): the journal of a running scan. Each host's result (facts with its
 * configuration, findings, skipped checks, score) is committed here as soon as the host is inspected, so a crash,
 * kill or power cut mid-scan keeps it. Recording the scan, or the next open after a crash, folds the journal into
 * the inventory in one transaction and empties it.
 */
export const scanJournalMigration: Migration = {
  version: 7,
  name: 'scan-journal',
  async up(db) {
    await sql`CREATE TABLE scan_hosts (
      scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      address TEXT NOT NULL,
      recorded_ms INTEGER NOT NULL,
      result_json TEXT NOT NULL,
      PRIMARY KEY (scan_id, address)
    )`.execute(db);
  },
};
