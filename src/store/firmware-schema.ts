import type { Generated } from 'kysely';

/** Row types of the firmware tables (migration 002-firmware). Times are Unix ms; `*_json` columns hold JSON text. */
export interface FirmwareSchema {
  firmware_audit_log: FirmwareAuditLogTable;
  firmware_holds: FirmwareHoldsTable;
  firmware_catalogues: FirmwareCataloguesTable;
}

export interface FirmwareAuditLogTable {
  id: Generated<number>;
  time_ms: number;
  actor: 'scheduler' | 'cli';
  action: string;
  device_id: string | null;
  model: string | null;
  before_version: string | null;
  after_version: string | null;
  result: 'ok' | 'started' | 'failed' | 'refused' | 'skipped' | 'info';
  detail: string;
  data_json: string | null;
}

export interface FirmwareHoldsTable {
  id: Generated<number>;
  scope: 'device' | 'model';
  target: string;
  reason: string;
  /** YYYY-MM-DD. */
  until_date: string;
  created_ms: number;
  actor: 'scheduler' | 'cli';
  automatic: 0 | 1;
  released_ms: number | null;
  released_by: 'scheduler' | 'cli' | null;
}

export interface FirmwareCataloguesTable {
  id: Generated<number>;
  serial: number;
  published: string;
  key_id: string;
  sha256: string;
  imported_ms: number;
  /** Where it came from: a file path or URL. */
  source: string;
  /** The exact signed bytes (UTF-8 JSON text). */
  payload: string;
  /** The detached signature document as JSON text, so the catalogue can be re-verified on every load. */
  signature: string;
}
