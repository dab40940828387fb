import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 11 (`iotwarden serve`): the owner account, sessions, API tokens and the one-time setup token (secrets are
 * stored only as hashes), the job history of the always-on process, and the notification outbox with its
 * deduplication keys and delivery attempts.
 */
export const serveMigration: Migration = {
  version: 12,
  name: 'serve',
  async up(db) {
    await sql`CREATE TABLE users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      username TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL,
      created_ms INTEGER NOT NULL
    )`.execute(db);
    await sql`CREATE TABLE setup_tokens (
      token_sha256 TEXT PRIMARY KEY,
      created_ms INTEGER NOT NULL,
      expires_ms INTEGER NOT NULL,
      used_ms INTEGER
    )`.execute(db);
    await sql`CREATE TABLE sessions (
      id_sha256 TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL,
      expires_ms INTEGER NOT NULL,
      revoked_ms INTEGER
    )`.execute(db);
    await sql`CREATE TABLE api_tokens (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      token_sha256 TEXT NOT NULL UNIQUE,
      scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
      created_ms INTEGER NOT NULL,
      last_used_ms INTEGER,
      revoked_ms INTEGER
    )`.execute(db);
    await sql`CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'request')),
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'interrupted')),
      queued_ms INTEGER NOT NULL,
      started_ms INTEGER,
      finished_ms INTEGER,
      summary TEXT,
      error_code TEXT,
      result_json TEXT
    )`.execute(db);
    await sql`CREATE INDEX jobs_queued ON jobs (queued_ms)`.execute(db);
    await sql`CREATE TABLE notification_events (
      event_key TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      time_ms INTEGER NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      device_id TEXT,
      data_json TEXT
    )`.execute(db);
    await sql`CREATE TABLE notification_deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      event_key TEXT NOT NULL REFERENCES notification_events (event_key) ON DELETE CASCADE,
      target TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_ms INTEGER NOT NULL,
      last_error TEXT,
      updated_ms INTEGER NOT NULL,
      UNIQUE (event_key, target)
    )`.execute(db);
    await sql`CREATE INDEX notification_deliveries_due ON notification_deliveries (state, next_attempt_ms)`.execute(db);
    /** Where the notifier has read up to in the audit log, scans and DNS analysis. */
    await sql`CREATE TABLE notifier_cursors (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    )`.execute(db);
  },
};
