import type { Generated } from 'kysely';
import type { DnsSchema } from './dns-schema.ts';
import type { FirmwareSchema } from './firmware-schema.ts';
import type { FixSchema } from './fix-schema.ts';
import type { RiskSchema } from './risk-schema.ts';
import type { RolloutSchema } from './rollout-schema.ts';

/**
 * Row types of the whole database, as the migrations in ./migrations create it: the inventory tables here, the
 * firmware, rollout and DNS tables in their own files. Columns are snake_case; times are Unix milliseconds (`*_ms`);
 * `*_json` columns hold JSON text. Keep in step with the newest migration.
 */
export interface StoreSchema extends InventorySchema, FirmwareSchema, RolloutSchema, DnsSchema, RiskSchema, FixSchema {}

/** The inventory: scans, the devices they found, and what each scan saw of each device. */
export interface InventorySchema {
  schema_migrations: SchemaMigrationsTable;
  scans: ScansTable;
  scan_hosts: ScanHostsTable;
  devices: DevicesTable;
  address_history: AddressHistoryTable;
  observations: ObservationsTable;
  services: ServicesTable;
  findings: FindingsTable;
  config_snapshots: ConfigSnapshotsTable;
  device_trust: DeviceTrustTable;
  source_sightings: SourceSightingsTable;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_ms: number;
}

export interface ScansTable {
  id: Generated<number>;
  started_ms: number;
  /** When the scan ended; while it runs, when it started or last recorded a host. */
  finished_ms: number;
  /** JSON array of the targets the user asked for (addresses, CIDRs): decides which devices may be declared gone. */
  targets_json: string;
  ports: string;
  /** `running` until the scan is recorded; `interrupted` when its process died first (migration 006). */
  status: 'running' | 'complete' | 'cancelled' | 'failed' | 'interrupted';
  host_count: number;
  /** The process recording a running scan, so another process can tell a dead scan from a live one. */
  runner_pid: number | null;
  runner_host: string | null;
}

/**
 * The journal of a running scan (migration 007): each host's result, committed as soon as the host is inspected,
 * so a crash keeps it. Recording the scan folds the journal into the inventory and empties it.
 */
export interface ScanHostsTable {
  scan_id: number;
  address: string;
  recorded_ms: number;
  /** A HostScanResult as JSON, `host.device.config` included. */
  result_json: string;
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
  /** The newest scan that observed this device, whatever its status; null for a device only sources have seen (008). */
  last_scan_id: number | null;
  /** SHA-256 fingerprint of the TLS certificate it last presented, where it has TLS (migration 008). */
  tls_sha256: string | null;
}

/** One device as one of the home's sources knows it (migration 008); see src/sources/sighting.ts. */
export interface SourceSightingsTable {
  source: string;
  location: string;
  source_key: string;
  device_id: string | null;
  mac: string | null;
  address: string | null;
  name: string | null;
  /** SightingFacts as JSON. */
  facts_json: string;
  first_seen_ms: number;
  last_seen_ms: number;
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

/** How a device came to be trusted with the owner's credentials. */
export type TrustOrigin = 'owner' | 'all-new' | 'first-use' | 'device-entry';

/**
 * A device the owner accepted for their configured credentials (migration 008), and the identity a credential is
 * bound to: filled from the inventory at acceptance, completed on first use. Null parts are not bound yet.
 */
export interface DeviceTrustTable {
  device_id: string;
  accepted_ms: number;
  /** `owner` (iotwarden trust), `all-new` (trust --all-new), `first-use` (trustOnFirstUse), `device-entry`. */
  accepted_by: TrustOrigin;
  bound_mac: string | null;
  bound_stable_id: string | null;
  bound_tls_sha256: string | null;
  bound_ms: number | null;
}
