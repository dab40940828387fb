import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 4 (firmware apply): durable rollout progress. A rollout updates the devices of one model, canaries first;
 * each device is a step whose state is written before anything is sent to it, so a process killed mid-rollout
 * resumes where it stopped and never installs on a device twice.
 */
export const firmwareRolloutMigration: Migration = {
  version: 4,
  name: 'firmware-rollout',
  async up(db) {
    await sql`CREATE TABLE firmware_rollouts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      model_key TEXT NOT NULL,
      vendor TEXT NOT NULL,
      model TEXT NOT NULL,
      target_version TEXT,
      state TEXT NOT NULL CHECK (state IN ('active', 'halted', 'done')),
      canary_count INTEGER NOT NULL CHECK (canary_count >= 1),
      soak_ms INTEGER NOT NULL CHECK (soak_ms >= 0),
      soak_until_ms INTEGER,
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL,
      halted_reason TEXT
    )`.execute(db);
    // At most one rollout per model is in progress; finished ones stay as history.
    await sql`CREATE UNIQUE INDEX firmware_rollouts_one_active ON firmware_rollouts (model_key) WHERE state = 'active'`.execute(
      db,
    );
    await sql`CREATE TABLE firmware_rollout_steps (
      rollout_id INTEGER NOT NULL REFERENCES firmware_rollouts (id) ON DELETE CASCADE,
      device_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('canary', 'rest')),
      state TEXT NOT NULL CHECK (state IN ('pending', 'install-started', 'succeeded', 'failed', 'skipped')),
      from_version TEXT,
      to_version TEXT,
      started_ms INTEGER,
      finished_ms INTEGER,
      outcome TEXT,
      summary TEXT,
      -- The scan facts the health check compares against, saved when the install starts: a resumed run must
      -- compare with the device as it was before, even if a scan recorded it since.
      before_facts_json TEXT,
      PRIMARY KEY (rollout_id, device_id)
    )`.execute(db);
    await sql`CREATE INDEX firmware_rollout_steps_device ON firmware_rollout_steps (device_id, state)`.execute(db);
  },
};
