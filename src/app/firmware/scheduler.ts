import { Cron } from 'croner';
import type { Logger } from '../../util/logger.ts';

/**
 * A small job scheduler on croner: cron patterns trigger jobs, which run one at a time (a scan and an install must
 * never overlap on one home), each with an AbortSignal that `stop()` fires. A job that fails is logged and runs
 * again at its next time; the scheduler itself never dies of it. `iotwarden run` uses it, and the later `serve`
 * will start the same scheduler next to its HTTP server.
 */

export interface SchedulerJob {
  name: string;
  /** Croner pattern: 5 fields (minute precision) or 6 with seconds first. */
  pattern: string;
  run(signal: AbortSignal): Promise<void>;
}

/** Schedules `tick` on a pattern; the seam tests replace to fire jobs by hand. */
export type ScheduleFn = (
  pattern: string,
  timeZone: string | undefined,
  tick: () => void,
) => { stop(): void; nextRun(): Date | null };

export interface SchedulerOptions {
  jobs: readonly SchedulerJob[];
  /** IANA zone the patterns are read in; the system's by default. */
  timeZone?: string;
  log: Logger;
  /** Runs every job once right away (in order), then on its pattern. */
  runAtStart?: boolean;
  schedule?: ScheduleFn;
}

export interface RunningScheduler {
  /** Queues a job now (as if its time had come); resolves when it has run. */
  runNow(name: string): Promise<void>;
  /** When each job runs next. */
  nextRuns(): Array<{ name: string; at: Date | null }>;
  /** Stops the triggers, aborts the running job and waits for it to finish. Safe to call twice. */
  stop(): Promise<void>;
}

const cronSchedule: ScheduleFn = (pattern, timeZone, tick) => {
  const job = new Cron(pattern, { ...(timeZone ? { timezone: timeZone } : {}), protect: true }, () => tick());
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
};

export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const { log } = options;
  const abort = new AbortController();
  const queued = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const enqueue = (job: SchedulerJob): Promise<void> => {
    if (stopped) return Promise.resolve();
    // A job already waiting in the queue needs no second copy: it will see the newest state when it runs.
    if (queued.has(job.name)) return chain;
    queued.add(job.name);
    chain = chain.then(async () => {
      queued.delete(job.name);
      if (abort.signal.aborted) return;
      const startedMs = Date.now();
      log.info({ job: job.name }, 'job started');
      try {
        await job.run(abort.signal);
        log.info({ job: job.name, elapsedMs: Date.now() - startedMs }, 'job finished');
      } catch (error) {
        if (abort.signal.aborted) log.info({ job: job.name }, 'job stopped');
        else log.error({ job: job.name, err: error }, 'job failed; it runs again at its next time');
      }
    });
    return chain;
  };

  const schedule = options.schedule ?? cronSchedule;
  const triggers = options.jobs.map((job) => ({
    job,
    trigger: schedule(job.pattern, options.timeZone, () => void enqueue(job)),
  }));
  if (options.runAtStart) for (const job of options.jobs) void enqueue(job);
  log.info({ jobs: triggers.map((t) => ({ job: t.job.name, next: t.trigger.nextRun() })) }, 'scheduler started');

  return {
    runNow(name) {
      const job = options.jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new RangeError(`no scheduler job named ${name}`));
      return enqueue(job);
    },
    nextRuns: () => triggers.map((t) => ({ name: t.job.name, at: t.trigger.nextRun() })),
    async stop() {
      if (!stopped) {
        stopped = true;
        for (const t of triggers) t.trigger.stop();
        abort.abort(new Error('scheduler stopped'));
        log.info('scheduler stopping');
      }
      await chain;
    },
  };
}
