/** The device scores of each complete scan, for the home score over time (read-only; migration 001's tables). */
import type { Kysely } from 'kysely';
import type { ServeSchema } from './serve-schema.ts';
import type { ScanScores } from './serve-types.ts';

/** The newest `limit` complete scans, oldest first, each with the scores of the devices it observed. */
export async function selectScanScores(db: Kysely<ServeSchema>, limit: number): Promise<ScanScores[]> {
  const scans = await db
    .selectFrom('scans')
    .select(['id', 'finished_ms'])
    .where('status', '=', 'complete')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (scans.length === 0) return [];
  const rows = await db
    .selectFrom('observations')
    .select(['scan_id', 'score'])
    .where(
      'scan_id',
      'in',
      scans.map((s) => s.id),
    )
    .execute();
  const byScan = new Map<number, number[]>();
  for (const row of rows) byScan.set(row.scan_id, [...(byScan.get(row.scan_id) ?? []), row.score]);
  return scans
    .reverse()
    .map((scan) => ({ scanId: scan.id, finishedMs: scan.finished_ms, scores: byScan.get(scan.id) ?? [] }));
}
