import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/** The first inventory schema: scans, devices with address history, and per-scan observations. */
export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  async up(db) {
    // 'iotw' in ASCII (https://sqlite.org/pragma.html#pragma_application_id), so `file` and iotwarden recognise the file.
    await sql`PRAGMA application_id = 0x696f7477`.execute(db);
    await sql`CREATE TABLE scans (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      started_ms INTEGER NOT NULL,
      finished_ms INTEGER NOT NULL,
      targets_json TEXT NOT NULL,
      ports TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('complete', 'cancelled', 'failed')),
      host_count INTEGER NOT NULL
    )`.execute(db);
    await sql`CREATE TABLE devices (
      id TEXT PRIMARY KEY,
      mac TEXT,
      stable_id TEXT,
      family TEXT,
      name TEXT,
      last_address TEXT NOT NULL,
      first_seen_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL,
      last_scan_id INTEGER NOT NULL REFERENCES scans (id)
    )`.execute(db);
    await sql`CREATE INDEX devices_mac ON devices (mac)`.execute(db);
    await sql`CREATE INDEX devices_stable_id ON devices (stable_id)`.execute(db);
    await sql`CREATE INDEX devices_last_address ON devices (last_address)`.execute(db);
    await sql`CREATE TABLE address_history (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
      address TEXT NOT NULL,
      first_seen_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX address_history_device ON address_history (device_id, last_seen_ms)`.execute(db);
    await sql`CREATE TABLE observations (
      scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
      address TEXT NOT NULL,
      mac TEXT,
      sources_json TEXT NOT NULL,
      observed_ms INTEGER NOT NULL,
      score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
      facts_json TEXT NOT NULL,
      skipped_json TEXT NOT NULL,
      carried_json TEXT NOT NULL,
      PRIMARY KEY (scan_id, device_id)
    )`.execute(db);
    await sql`CREATE INDEX observations_device ON observations (device_id, scan_id)`.execute(db);
    await sql`CREATE TABLE services (
      scan_id INTEGER NOT NULL,
      device_id TEXT NOT NULL,
      transport TEXT NOT NULL CHECK (transport IN ('tcp', 'udp')),
      port INTEGER NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (scan_id, device_id, transport, port),
      FOREIGN KEY (scan_id, device_id) REFERENCES observations (scan_id, device_id) ON DELETE CASCADE
    )`.execute(db);
    await sql`CREATE TABLE findings (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      scan_id INTEGER NOT NULL,
      device_id TEXT NOT NULL,
      check_id TEXT NOT NULL,
      subject TEXT NOT NULL,
      severity TEXT NOT NULL,
      severity_rank INTEGER NOT NULL,
      finding_json TEXT NOT NULL,
      FOREIGN KEY (scan_id, device_id) REFERENCES observations (scan_id, device_id) ON DELETE CASCADE
    )`.execute(db);
    await sql`CREATE INDEX findings_observation ON findings (scan_id, device_id)`.execute(db);
    await sql`CREATE TABLE config_snapshots (
      scan_id INTEGER NOT NULL,
      device_id TEXT NOT NULL,
      taken_ms INTEGER NOT NULL,
      config_json TEXT NOT NULL,
      config_sha256 TEXT NOT NULL,
      PRIMARY KEY (scan_id, device_id),
      FOREIGN KEY (scan_id, device_id) REFERENCES observations (scan_id, device_id) ON DELETE CASCADE
    )`.execute(db);
    await sql`CREATE INDEX config_snapshots_device ON config_snapshots (device_id, taken_ms)`.execute(db);
  },
};
