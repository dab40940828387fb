import type { Generated } from 'kysely';

/**
 * Row types of the inventory database, as the migrations in ./migrations create it. Columns are snake_case; times
 * are Unix milliseconds (`*_ms`); `*_json` columns hold JSON text. Keep in step with the newest migration.
 */
export interface StoreSchema {
  schema_migrations: SchemaMigrationsTable;
  scans: ScansTable;
  devices: DevicesTable;
  address_history: AddressHistoryTable;
  observations: ObservationsTable;
  services: ServicesTable;
  findings: FindingsTable;
  config_snapshots: ConfigSnapshotsTable;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_ms: number;
}

export interface ScansTable {
  id: Generated<number>;
  started_ms: number;
  finished_ms: number;
  /** JSON array of the targets the user asked for (addresses, CIDRs): decides which devices may be declared gone. */
  targets_json: string;
  ports: string;
  status: 'complete' | 'cancelled' | 'failed';
  host_count: number;
}

export interface DevicesTable {
  id: string;
  /** Upper-case colon form, e.g. `E8:DB:84:12:34:56`. */
  mac: string | null;
  /** `family:deviceId`, e.g. `shelly:shellyplug-s-123456`. */
  stable_id: string | null;
  family: string | null;
  name: string | null;
  last_address: string;
  first_seen_ms: number;
  last_seen_ms: number;
  /** The newest scan that observed this device, whatever its status. */
  last_scan_id: number;
}

export interface AddressHistoryTable {
  id: Generated<number>;
  device_id: string;
  address: string;
  first_seen_ms: number;
  last_seen_ms: number;
}

export interface ObservationsTable {
  scan_id: number;
  device_id: string;
  address: string;
  mac: string | null;
  sources_json: string;
  observed_ms: number;
  score: number;
  /** The HostFacts without `device.config` (that lives in config_snapshots). */
  facts_json: string;
  skipped_json: string;
  /** Ports, findings and firmware this observation could not re-verify and so still believes (CarriedBeliefs). */
  carried_json: string;
}

export interface ServicesTable {
  scan_id: number;
  device_id: string;
  transport: 'tcp' | 'udp';
  port: number;
  name: string;
}

export interface FindingsTable {
  id: Generated<number>;
  scan_id: number;
  device_id: string;
  check_id: string;
  /** '' when the finding has no subject, so (check_id, subject) is a usable key. */
  subject: string;
  severity: string;
  /** 0 = critical … 4 = info, for ordering and `--severity high` style filters. */
  severity_rank: number;
  finding_json: string;
}

export interface ConfigSnapshotsTable {
  scan_id: number;
  device_id: string;
  taken_ms: number;
  config_json: string;
  config_sha256: string;
}
