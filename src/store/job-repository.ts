/** SQL of the job history of `iotwarden serve` (migration 006). */
import type { Kysely } from 'kysely';
import type { JobsTable, ServeSchema } from './serve-schema.ts';
import type { JobRecord, JobState, JobTrigger } from './serve-types.ts';

type Db = Kysely<ServeSchema>;

const toJob = (row: JobsTable): JobRecord => ({
  id: row.id,
  kind: row.kind,
  trigger: row.trigger,
  state: row.state,
  queuedMs: row.queued_ms,
  startedMs: row.started_ms,
  finishedMs: row.finished_ms,
  summary: row.summary,
  errorCode: row.error_code,
  result: row.result_json === null ? null : JSON.parse(row.result_json),
});

export async function insertJob(
  db: Db,
  job: { id: string; kind: string; trigger: JobTrigger; queuedMs: number },
): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      id: job.id,
      kind: job.kind,
      trigger: job.trigger,
      state: 'queued',
      queued_ms: job.queuedMs,
      started_ms: null,
      finished_ms: null,
      summary: null,
      error_code: null,
      result_json: null,
    })
    .execute();
}

export async function markJobRunning(db: Db, id: string, startedMs: number): Promise<void> {
  await db.updateTable('jobs').set({ state: 'running', started_ms: startedMs }).where('id', '=', id).execute();
}

export interface JobEnd {
  state: Exclude<JobState, 'running' | 'queued'>;
  finishedMs: number;
  summary: string;
  errorCode?: string | undefined;
  result?: unknown;
}

export async function finishJob(db: Db, id: string, end: JobEnd): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      state: end.state,
      finished_ms: end.finishedMs,
      summary: end.summary,
      error_code: end.errorCode ?? null,
      result_json: end.result === undefined ? null : JSON.stringify(end.result),
    })
    .where('id', '=', id)
    .execute();
}

/** Jobs a previous process left queued or running (it was killed): they are recorded as interrupted. */
export async function interruptUnfinishedJobs(db: Db, nowMs: number, summary: string): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'interrupted', finished_ms: nowMs, summary })
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function selectJob(db: Db, id: string): Promise<JobRecord | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toJob(row);
}

export async function selectJobs(db: Db, filter: { kind?: string | undefined; limit: number }): Promise<JobRecord[]> {
  let query = db.selectFrom('jobs').selectAll().orderBy('queued_ms', 'desc').orderBy('id', 'desc');
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  return (await query.limit(filter.limit).execute()).map(toJob);
}
