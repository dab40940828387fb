import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 8 (credentials bound to identities): which devices the owner accepted for their configured credentials, and
 * the identity each is bound to (MAC, stable device id, TLS certificate fingerprint), filled at acceptance from the
 * inventory and completed on the first use of a credential. `devices.tls_sha256` keeps the certificate a device
 * last presented, so a newcomer with the device's ids but another certificate is a conflict, not the device.
 */
export const deviceTrustMigration: Migration = {
  version: 8,
  name: 'device-trust',
  async up(db) {
    await sql`CREATE TABLE device_trust (
      device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
      accepted_ms INTEGER NOT NULL,
      accepted_by TEXT NOT NULL CHECK (accepted_by IN ('owner', 'all-new', 'first-use', 'device-entry')),
      bound_mac TEXT,
      bound_stable_id TEXT,
      bound_tls_sha256 TEXT,
      bound_ms INTEGER
    )`.execute(db);
    await sql`ALTER TABLE devices ADD COLUMN tls_sha256 TEXT`.execute(db);
  },
};
