import type { Kysely } from 'kysely';
import { targetCoverage } from './coverage.ts';
import type { ScansTable, StoreSchema } from './schema.ts';
import type { RecordScanInput, ScanStatus, ScanSummary } from './types.ts';

type Db = Kysely<StoreSchema>;

/** A complete scan as a baseline: what it covered, in recording order. */
export interface BaselineScan {
  scanId: number;
  ports: string;
  covers(address: string): boolean;
}

export async function insertScan(db: Db, input: RecordScanInput): Promise<number> {
  const row = await db
    .insertInto('scans')
    .values({
      started_ms: input.startedMs,
      finished_ms: input.finishedMs,
      targets_json: JSON.stringify(input.targets),
      ports: input.ports,
      status: input.status,
      host_count: input.hosts.length,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Complete scans recorded before `beforeScanId`, oldest first. */
export async function completeScansBefore(db: Db, beforeScanId: number): Promise<BaselineScan[]> {
  const rows = await db
    .selectFrom('scans')
    .select(['id', 'ports', 'targets_json'])
    .where('status', '=', 'complete')
    .where('id', '<', beforeScanId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    scanId: r.id,
    ports: r.ports,
    covers: targetCoverage(JSON.parse(r.targets_json) as string[]),
  }));
}

function toSummary(r: Omit<ScansTable, 'id'> & { id: number }): ScanSummary {
  return {
    scanId: r.id,
    startedMs: r.started_ms,
    finishedMs: r.finished_ms,
    targets: JSON.parse(r.targets_json) as string[],
    ports: r.ports,
    status: r.status as ScanStatus,
    hostCount: r.host_count,
  };
}

/** Newest first. */
export async function listScans(db: Db, limit: number): Promise<ScanSummary[]> {
  const rows = await db.selectFrom('scans').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toSummary);
}
