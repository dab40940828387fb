import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 14 (zero trust): what the home's traffic shows and what iotwarden learned from it.
 * - `flow_sources`: each NetFlow/IPFIX collector or conntrack source, with an import cursor and its last error;
 * - `flow_conversations`: flows folded per hour into (initiator, responder, protocol, responder port), with MACs
 *   when the exporter sends them (src/sources/flows/conversation.ts);
 * - `flow_conntrack_seen`: the connections of a conntrack source's last snapshot, so importing the same table again
 *   counts each connection once and only adds the traffic that is new;
 * - `dns_answers`: which addresses a DNS name resolved to (dnsmasq `reply` lines, AdGuard answers), to name flows;
 * - `traffic_profiles`: each device's learned communication profile, one row per version that changed;
 * - `zero_trust_events`: what happened after learning (a new destination), once per device and subject.
 */
export const zeroTrustMigration: Migration = {
  version: 10,
  name: 'zero-trust',
  async up(db) {
    await sql`CREATE TABLE flow_sources (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('netflow', 'conntrack')),
      location TEXT NOT NULL,
      cursor_json TEXT NOT NULL DEFAULT '{}',
      imported_flows INTEGER NOT NULL DEFAULT 0,
      first_import_ms INTEGER,
      last_import_ms INTEGER,
      last_error_code TEXT,
      last_error TEXT
    )`.execute(db);
    // WITHOUT ROWID: the key is the access path for the upserts; reads go by bucket or by endpoint.
    await sql`CREATE TABLE flow_conversations (
      bucket_ms INTEGER NOT NULL,
      initiator TEXT NOT NULL,
      responder TEXT NOT NULL,
      protocol INTEGER NOT NULL,
      port INTEGER NOT NULL,
      source_id INTEGER NOT NULL REFERENCES flow_sources (id) ON DELETE CASCADE,
      initiator_mac TEXT,
      responder_mac TEXT,
      flows INTEGER NOT NULL,
      replies INTEGER NOT NULL,
      packets INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      first_ms INTEGER NOT NULL,
      last_ms INTEGER NOT NULL,
      PRIMARY KEY (bucket_ms, initiator, responder, protocol, port, source_id)
    ) WITHOUT ROWID`.execute(db);
    await sql`CREATE INDEX flow_conversations_initiator ON flow_conversations (initiator, bucket_ms)`.execute(db);
    await sql`CREATE INDEX flow_conversations_responder ON flow_conversations (responder, bucket_ms)`.execute(db);
    await sql`CREATE TABLE flow_conntrack_seen (
      source_id INTEGER NOT NULL REFERENCES flow_sources (id) ON DELETE CASCADE,
      conn_key TEXT NOT NULL,
      packets INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL,
      PRIMARY KEY (source_id, conn_key)
    ) WITHOUT ROWID`.execute(db);
    await sql`CREATE TABLE dns_answers (
      address TEXT NOT NULL,
      domain TEXT NOT NULL,
      client TEXT NOT NULL,
      answers INTEGER NOT NULL,
      first_ms INTEGER NOT NULL,
      last_ms INTEGER NOT NULL,
      PRIMARY KEY (address, domain, client)
    ) WITHOUT ROWID`.execute(db);
    await sql`CREATE INDEX dns_answers_domain ON dns_answers (domain)`.execute(db);
    await sql`CREATE TABLE traffic_profiles (
      device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      learned_ms INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('learning', 'learned')),
      window_start_ms INTEGER NOT NULL,
      window_end_ms INTEGER NOT NULL,
      days_observed INTEGER NOT NULL,
      flows INTEGER NOT NULL,
      confidence REAL NOT NULL,
      profile_json TEXT NOT NULL,
      profile_sha256 TEXT NOT NULL,
      PRIMARY KEY (device_id, version)
    )`.execute(db);
    await sql`CREATE TABLE zero_trust_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      subject TEXT NOT NULL,
      at_ms INTEGER NOT NULL,
      profile_version INTEGER,
      detail_json TEXT NOT NULL,
      UNIQUE (device_id, kind, subject)
    )`.execute(db);
    await sql`CREATE INDEX zero_trust_events_time ON zero_trust_events (at_ms)`.execute(db);
  },
};
