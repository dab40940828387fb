import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 12 (every source feeds one inventory): a device seen only through a source the home already has (Pi-hole's
 * network table, AdGuard clients, DHCP leases, UniFi, a DNS client) is an inventory device before any scan, so
 * `devices.last_scan_id` becomes nullable (NULL = never scanned). The table is rebuilt with SQLite's documented
 * procedure (https://sqlite.org/lang_altertable.html#otheralter, foreign keys off: see Migration.rebuildsTables).
 *
 * `source_sightings` keeps every fact with its source: one row per device as one source knows it, keyed by the
 * source's own id for it (Home Assistant's device id, a MAC, an address). `device_id` is set when the sighting
 * created or matched an inventory device; a Home Assistant device without an address is tied by MAC at read time.
 */
export const sourceSightingsMigration: Migration = {
  version: 13,
  name: 'source-sightings',
  rebuildsTables: true,
  async up(db) {
    await sql`CREATE TABLE devices_new (
      id TEXT PRIMARY KEY,
      mac TEXT,
      stable_id TEXT,
      family TEXT,
      name TEXT,
      last_address TEXT NOT NULL,
      first_seen_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL,
      last_scan_id INTEGER REFERENCES scans (id),
      tls_sha256 TEXT
    )`.execute(db);
    // Every column the devices table has by now is carried over (tls_sha256 came with migration 008).
    await sql`INSERT INTO devices_new SELECT id, mac, stable_id, family, name, last_address, first_seen_ms,
      last_seen_ms, last_scan_id, tls_sha256 FROM devices`.execute(db);
    await sql`DROP TABLE devices`.execute(db);
    await sql`ALTER TABLE devices_new RENAME TO devices`.execute(db);
    await sql`CREATE INDEX devices_mac ON devices (mac)`.execute(db);
    await sql`CREATE INDEX devices_stable_id ON devices (stable_id)`.execute(db);
    await sql`CREATE INDEX devices_last_address ON devices (last_address)`.execute(db);
    await sql`CREATE TABLE source_sightings (
      source TEXT NOT NULL,
      location TEXT NOT NULL,
      source_key TEXT NOT NULL,
      device_id TEXT REFERENCES devices (id) ON DELETE SET NULL,
      mac TEXT,
      address TEXT,
      name TEXT,
      facts_json TEXT NOT NULL,
      first_seen_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL,
      PRIMARY KEY (source, location, source_key)
    )`.execute(db);
    await sql`CREATE INDEX source_sightings_mac ON source_sightings (mac)`.execute(db);
    await sql`CREATE INDEX source_sightings_device ON source_sightings (device_id)`.execute(db);
  },
};
