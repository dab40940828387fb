import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/** Runs `read` on the database file, or returns undefined when the file does not exist yet (killed before creation). */
export function withDb<T>(file: string, read: (db: BetterSqlite3.Database) => T): T | undefined {
  if (!existsSync(file)) return undefined;
  const db = new BetterSqlite3(file);
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } finally {
    db.close();
  }
}

const hasTable = (db: BetterSqlite3.Database, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

const scalar = (db: BetterSqlite3.Database, table: string, query: string): number =>
  hasTable(db, table) ? Number((db.prepare(query).pluck().get() as number | null) ?? 0) : 0;

/** `PRAGMA integrity_check` is exactly "ok". */
export function integrityOk(file: string): boolean {
  return withDb(file, (db) => db.pragma('integrity_check', { simple: true }) === 'ok') ?? true;
}

/** Rows that exist twice where they must be unique: a finding per scan/device/check/subject, an audit entry. */
export function duplicateRows(file: string): number {
  return (
    withDb(
      file,
      (db) =>
        scalar(
          db,
          'findings',
          'SELECT count(*) FROM (SELECT 1 FROM findings GROUP BY scan_id, device_id, check_id, subject HAVING count(*) > 1)',
        ) +
        scalar(
          db,
          'firmware_audit_log',
          'SELECT count(*) FROM (SELECT 1 FROM firmware_audit_log GROUP BY time_ms, action, device_id, result, detail HAVING count(*) > 1)',
        ),
    ) ?? 0
  );
}

/**
 * Counts that may only grow across kills. Not `scan_hosts`: it is the journal of the running scan, emptied once
 * the scan's results are written (src/store/scan-journal.ts), so it shrinks by design.
 */
export interface GrowingCounts {
  scans: number;
  observations: number;
  findings: number;
  auditEntries: number;
}

export function growingCounts(file: string): GrowingCounts {
  return (
    withDb(file, (db) => ({
      scans: scalar(db, 'scans', 'SELECT count(*) FROM scans'),
      observations: scalar(db, 'observations', 'SELECT count(*) FROM observations'),
      findings: scalar(db, 'findings', 'SELECT count(*) FROM findings'),
      auditEntries: scalar(db, 'firmware_audit_log', 'SELECT count(*) FROM firmware_audit_log'),
    })) ?? { scans: 0, observations: 0, findings: 0, auditEntries: 0 }
  );
}

/** The DNS totals an import leaves: equal for a clean import and a killed-then-resumed one. */
export function dnsTotals(file: string): { pairs: number; queries: number; imported: number } {
  return (
    withDb(file, (db) => ({
      pairs: scalar(db, 'dns_pairs', 'SELECT count(*) FROM dns_pairs'),
      queries: scalar(db, 'dns_pairs', 'SELECT sum(queries) FROM dns_pairs'),
      imported: scalar(db, 'dns_sources', 'SELECT sum(imported_queries) FROM dns_sources'),
    })) ?? { pairs: 0, queries: 0, imported: 0 }
  );
}

/** One number (`n`) from the trial database, read-only. */
export function countRows(file: string, query: string): number {
  const handle = new BetterSqlite3(file, { readonly: true });
  try {
    return Number((handle.prepare(query).get() as { n: number }).n);
  } finally {
    handle.close();
  }
}
