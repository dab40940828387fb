import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/** Counter columns shared by dns_pairs and dns_buckets (see DnsCounters in src/sources/types.ts). */
const COUNTERS = sql.raw(`
  queries INTEGER NOT NULL,
  allowed INTEGER NOT NULL,
  blocked INTEGER NOT NULL,
  other INTEGER NOT NULL,
  first_ms INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  qtype_mask INTEGER NOT NULL,
  gap_count INTEGER NOT NULL,
  gap_sum_ms INTEGER NOT NULL,
  gap_sq_sum REAL NOT NULL,
  gap_min_ms INTEGER,
  gap_max_ms INTEGER`);

/**
 * DNS query history imported from Pi-hole, AdGuard Home and dnsmasq, aggregated per (source, client, domain) and
 * hour. Each source keeps a cursor so re-importing counts nothing twice. See src/sources/types.ts for the model.
 */
export const dnsMigration: Migration = {
  version: 3,
  name: 'dns',
  async up(db) {
    await sql`CREATE TABLE dns_sources (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('pihole-db', 'pihole-api', 'adguard-api', 'adguard-log', 'dnsmasq-log')),
      location TEXT NOT NULL,
      cursor_json TEXT NOT NULL DEFAULT '{}',
      imported_queries INTEGER NOT NULL DEFAULT 0,
      first_import_ms INTEGER,
      last_import_ms INTEGER,
      last_error_code TEXT,
      last_error TEXT
    )`.execute(db);
    await sql`CREATE TABLE dns_clients (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ip TEXT NOT NULL UNIQUE,
      name TEXT,
      mac TEXT,
      device_id TEXT REFERENCES devices (id) ON DELETE SET NULL,
      first_ms INTEGER NOT NULL,
      last_ms INTEGER NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX dns_clients_device ON dns_clients (device_id)`.execute(db);
    await sql`CREATE INDEX dns_clients_mac ON dns_clients (mac)`.execute(db);
    await sql`CREATE TABLE dns_domains (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE)`.execute(db);
    await sql`CREATE TABLE dns_pairs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      source_id INTEGER NOT NULL REFERENCES dns_sources (id) ON DELETE CASCADE,
      client_id INTEGER NOT NULL REFERENCES dns_clients (id),
      domain_id INTEGER NOT NULL REFERENCES dns_domains (id),
      ${COUNTERS},
      gap_hist_json TEXT NOT NULL,
      UNIQUE (source_id, client_id, domain_id)
    )`.execute(db);
    await sql`CREATE INDEX dns_pairs_client ON dns_pairs (client_id)`.execute(db);
    await sql`CREATE INDEX dns_pairs_domain ON dns_pairs (domain_id)`.execute(db);
    // WITHOUT ROWID: the primary key is the only access path, so the table is its own index (half the writes).
    await sql`CREATE TABLE dns_buckets (
      pair_id INTEGER NOT NULL REFERENCES dns_pairs (id) ON DELETE CASCADE,
      bucket_ms INTEGER NOT NULL,
      ${COUNTERS},
      PRIMARY KEY (pair_id, bucket_ms)
    ) WITHOUT ROWID`.execute(db);
    await sql`CREATE TABLE dns_network_hosts (
      source_id INTEGER NOT NULL REFERENCES dns_sources (id) ON DELETE CASCADE,
      mac TEXT NOT NULL,
      ip TEXT NOT NULL,
      name TEXT,
      vendor TEXT,
      first_ms INTEGER,
      last_ms INTEGER NOT NULL,
      PRIMARY KEY (source_id, mac, ip)
    ) WITHOUT ROWID`.execute(db);
    await sql`CREATE INDEX dns_network_hosts_ip ON dns_network_hosts (ip)`.execute(db);
  },
};
