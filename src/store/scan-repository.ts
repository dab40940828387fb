import type { Kysely } from 'kysely';
import { targetCoverage } from './coverage.ts';
import type { ScansTable, StoreSchema } from './schema.ts';
import type { BeginScanInput, FinishedScanStatus, RecordScanInput, ScanStatus, ScanSummary } from './types.ts';

type Db = Kysely<StoreSchema>;

/** A complete scan as a baseline: what it covered, in recording order. */
export interface BaselineScan {
  scanId: number;
  ports: string;
  covers(address: string): boolean;
}

/** The process that records a running scan. */
export interface ScanRunner {
  pid: number;
  host: string;
}

/** A scan recorded in one go (`Store.recordScan`): its row is written with its final status. */
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
      runner_pid: null,
      runner_host: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The row of a scan that starts now: `running`, no hosts yet, owned by `runner`. */
export async function insertRunningScan(db: Db, input: BeginScanInput, runner: ScanRunner): Promise<number> {
  const row = await db
    .insertInto('scans')
    .values({
      started_ms: input.startedMs,
      finished_ms: input.startedMs,
      targets_json: JSON.stringify(input.targets),
      ports: input.ports,
      status: 'running',
      host_count: 0,
      runner_pid: runner.pid,
      runner_host: runner.host,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Notes a running scan's progress: when it last recorded a host, and how many it has. */
export async function touchRunningScan(db: Db, scanId: number, nowMs: number, hostCount: number): Promise<void> {
  await db
    .updateTable('scans')
    .set({ finished_ms: nowMs, host_count: hostCount })
    .where('id', '=', scanId)
    .where('status', '=', 'running')
    .execute();
}

/** Gives a running scan its final status and times; false when it was no longer running (another process ended it). */
export async function closeScan(
  db: Db,
  scanId: number,
  end: { status: FinishedScanStatus; startedMs?: number; finishedMs: number; hostCount: number },
): Promise<boolean> {
  const result = await db
    .updateTable('scans')
    .set({
      status: end.status,
      finished_ms: end.finishedMs,
      host_count: end.hostCount,
      ...(end.startedMs === undefined ? {} : { started_ms: end.startedMs }),
    })
    .where('id', '=', scanId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Every scan still marked running, oldest first, with its runner and last progress. */
export async function runningScans(
  db: Db,
): Promise<Array<{ scanId: number; lastProgressMs: number; runner: ScanRunner | undefined }>> {
  const rows = await db
    .selectFrom('scans')
    .select(['id', 'finished_ms', 'runner_pid', 'runner_host'])
    .where('status', '=', 'running')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    scanId: r.id,
    lastProgressMs: r.finished_ms,
    runner: r.runner_pid === null || r.runner_host === null ? undefined : { pid: r.runner_pid, host: r.runner_host },
  }));
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

/** What a scan row says about how it was asked for, to record its journal after a crash. */
export async function scanRequest(db: Db, scanId: number): Promise<BeginScanInput | undefined> {
  const row = await db
    .selectFrom('scans')
    .select(['started_ms', 'targets_json', 'ports'])
    .where('id', '=', scanId)
    .executeTakeFirst();
  return row && { startedMs: row.started_ms, targets: JSON.parse(row.targets_json) as string[], ports: row.ports };
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
