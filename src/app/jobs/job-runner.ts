/**
 * Runs the work of the always-on process as recorded jobs, one at a time: a scan, a DNS import, a firmware check
 * and an install never overlap on one home (the rule the `run` scheduler had). A job asked for while one of its kind
 * is queued or running is that job, so nothing overlaps itself. Every job is written to the database when queued,
 * started and finished; a failure is recorded with its code and never reaches the process.
 */
import { randomUUID } from 'node:crypto';
import { IotwardenError } from '../../errors/index.ts';
import type { ServeStore } from '../../store/serve-store.ts';
import type { JobRecord, JobTrigger } from '../../store/serve-types.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import type { JobKind, LiveEvents } from './live-events.ts';

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  events: LiveEvents;
}

export interface JobOutcome {
  summary: string;
  result?: unknown;
}

export type JobWork = (context: JobContext) => Promise<JobOutcome>;

export interface SubmittedJob {
  id: string;
  /** True when a job of this kind was already queued or running and this is it. */
  existing: boolean;
  /** Settles when the job has ended (never rejects). */
  done: Promise<void>;
}

interface Pending {
  id: string;
  kind: JobKind;
  done: Promise<void>;
}

export class JobRunner {
  readonly #store: ServeStore;
  readonly #events: LiveEvents;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #abort = new AbortController();
  #chain: Promise<void> = Promise.resolve();
  #pending = new Map<JobKind, Pending>();
  #closed = false;

  constructor(options: { store: ServeStore; events: LiveEvents; clock: Clock; log: Logger }) {
    this.#store = options.store;
    this.#events = options.events;
    this.#clock = options.clock;
    this.#log = options.log;
  }

  /** Marks jobs a killed process left behind as interrupted; call once at start. */
  async recover(): Promise<number> {
    return this.#store.interruptUnfinishedJobs(this.#clock.now(), 'interrupted: the process stopped before it ended');
  }

  /** Queues `work` as a job of `kind`, or returns the one of that kind already queued or running. */
  async submit(kind: JobKind, trigger: JobTrigger, work: JobWork): Promise<SubmittedJob> {
    const pending = this.#pending.get(kind);
    if (pending) return { id: pending.id, existing: true, done: pending.done };
    if (this.#closed) throw new IotwardenError('ERR_SHUTTING_DOWN', 'iotwarden is shutting down; try again later');
    const id = randomUUID();
    const entry: Pending = { id, kind, done: Promise.resolve() };
    this.#pending.set(kind, entry); // before any await, so a second submit finds it
    try {
      await this.#store.queueJob({ id, kind, trigger, queuedMs: this.#clock.now() });
    } catch (error) {
      this.#pending.delete(kind);
      throw error;
    }
    this.#events.publish({ type: 'job', jobId: id, kind, state: 'queued', summary: null });
    entry.done = this.#chain.then(() => this.#run(entry, work));
    this.#chain = entry.done;
    return { id, existing: false, done: entry.done };
  }

  /** The jobs queued or running now. */
  active(): Array<{ id: string; kind: JobKind }> {
    return [...this.#pending.values()].map(({ id, kind }) => ({ id, kind }));
  }

  job(id: string): Promise<JobRecord | undefined> {
    return this.#store.job(id);
  }

  /**
   * Stops taking jobs and waits up to `deadlineMs` for the queue to drain. Past the deadline the running job is
   * asked to stop (its signal) and every job not finished is recorded as interrupted.
   */
  async stop(deadlineMs: number): Promise<void> {
    this.#closed = true;
    const drained = await Promise.race([
      this.#chain.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), deadlineMs).unref()),
    ]);
    if (drained) return;
    this.#abort.abort(new Error('iotwarden is shutting down'));
    // A job that honours its signal ends quickly; one that does not is recorded as interrupted all the same.
    await Promise.race([this.#chain, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.#store.interruptUnfinishedJobs(this.#clock.now(), 'interrupted: iotwarden stopped before it ended');
  }

  async #run(entry: Pending, work: JobWork): Promise<void> {
    const { id, kind } = entry;
    try {
      if (this.#abort.signal.aborted) return;
      await this.#store.markJobRunning(id, this.#clock.now());
      this.#events.publish({ type: 'job', jobId: id, kind, state: 'running', summary: null });
      this.#log.info({ job: kind, id }, 'job started');
      const outcome = await work({ jobId: id, signal: this.#abort.signal, events: this.#events });
      const state = this.#abort.signal.aborted ? 'interrupted' : 'done';
      await this.#finish(entry, { state, summary: outcome.summary, result: outcome.result });
    } catch (error) {
      const code = error instanceof IotwardenError ? error.code : 'ERR_UNEXPECTED';
      const message = error instanceof Error ? error.message : String(error);
      this.#log.error({ job: kind, id, err: error }, 'job failed; it runs again at its next time');
      const state = this.#abort.signal.aborted ? 'interrupted' : 'failed';
      await this.#finish(entry, { state, summary: message, errorCode: code }).catch((storeError: unknown) =>
        this.#log.error({ job: kind, id, err: storeError }, 'could not record the end of a job'),
      );
    } finally {
      this.#pending.delete(kind);
    }
  }

  async #finish(
    entry: Pending,
    end: { state: 'done' | 'failed' | 'interrupted'; summary: string; errorCode?: string; result?: unknown },
  ): Promise<void> {
    await this.#store.finishJob(entry.id, { ...end, finishedMs: this.#clock.now() });
    this.#events.publish({ type: 'job', jobId: entry.id, kind: entry.kind, state: end.state, summary: end.summary });
    this.#log.info({ job: entry.kind, id: entry.id, state: end.state }, 'job ended');
  }
}
