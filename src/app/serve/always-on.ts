/**
 * The always-on process without its web server: the serve tables, the job runner, live events, the notifier and
 * the scheduler that triggers the jobs on the patterns of `serve:` in iotwarden.yaml. `iotwarden serve` adds HTTP
 * on top; `iotwarden run` is this alone.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import { openStore, type Store } from '../../store/index.ts';
import type { ServeStore } from '../../store/serve-store.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { type RunningScheduler, type ScheduleFn, type SchedulerJob, startScheduler } from '../firmware/scheduler.ts';
import { JobRunner, type JobWork, type SubmittedJob } from '../jobs/job-runner.ts';
import { type JobKind, LiveEvents } from '../jobs/live-events.ts';
import { Notifier } from '../notify/notifier.ts';
import {
  dnsImportJob,
  firmwareApplyJob,
  firmwareCheckJob,
  maintenanceJob,
  type ServeJobsOptions,
  scanJob,
} from './serve-jobs.ts';

export interface AlwaysOnOptions {
  db: string;
  /**
   * The process's open Store (serve hands in the one its routes use), so the serve tables share its connection;
   * without one, the Store is opened here and closed by stop().
   */
  store?: Store | undefined;
  /** Re-read before every job. */
  config: () => IotwardenConfig;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
  /** Overrides of the `serve:` patterns (the `run --check/--window` flags). */
  patterns?: { firmwareCheck?: string; maintenance?: string };
  /** Tests fire jobs by hand. */
  schedule?: ScheduleFn;
  fetch?: typeof fetch;
  /** How often due notifications are sent (and retried). */
  deliveryEveryMs?: number;
}

export interface AlwaysOn {
  store: ServeStore;
  events: LiveEvents;
  runner: JobRunner;
  notifier: Notifier;
  scheduler: RunningScheduler;
  /** Runs a scheduled kind of job now (scan-now). */
  runNow(kind: ScheduledKind, trigger?: 'schedule' | 'request'): Promise<SubmittedJob>;
  /** Starts a firmware install through the same guardrails as `firmware apply`. */
  applyFirmware(request: { deviceRefs: readonly string[] | undefined; now: boolean }): Promise<SubmittedJob>;
  /** Stops the triggers, lets running jobs finish within `deadlineMs` (else records them interrupted), closes. */
  stop(deadlineMs: number): Promise<void>;
}

export type ScheduledKind = Exclude<JobKind, 'firmware-apply'>;

export async function startAlwaysOn(options: AlwaysOnOptions): Promise<AlwaysOn> {
  const { clock, log } = options;
  const inventory = options.store ?? (await openStore(options.db));
  const store = inventory.serve;
  const events = new LiveEvents(() => clock.now());
  const runner = new JobRunner({ store, events, clock, log });
  const interrupted = await runner.recover();
  if (interrupted > 0) log.warn({ jobs: interrupted }, 'jobs of a previous run were recorded as interrupted');
  const notifier = new Notifier({
    store,
    config: options.config,
    env: options.env,
    clock,
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const jobOptions: ServeJobsOptions = {
    db: options.db,
    config: options.config,
    env: options.env,
    clock,
    log,
    notifier,
  };
  const works: Record<ScheduledKind, () => JobWork> = {
    scan: () => scanJob(jobOptions),
    'dns-import': () => dnsImportJob(jobOptions),
    'firmware-check': () => firmwareCheckJob(jobOptions),
    'maintenance-window': () => maintenanceJob(jobOptions),
  };
  const submit = async (kind: JobKind, trigger: 'schedule' | 'request', work: JobWork) => {
    const job = await runner.submit(kind, trigger, work);
    // New events are worth sending at once, not at the next delivery tick.
    void job.done.then(() => notifier.deliverDue()).catch((error: unknown) => log.error({ err: error }, 'delivery'));
    return job;
  };
  const scheduler = startScheduler({
    jobs: scheduledJobs(options, (kind) => submit(kind, 'schedule', works[kind]())),
    ...(options.config().firmware?.timeZone ? { timeZone: options.config().firmware?.timeZone as string } : {}),
    log,
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });
  const delivery = setInterval(() => {
    notifier.deliverDue().catch((error: unknown) => log.error({ err: error }, 'notification delivery failed'));
  }, options.deliveryEveryMs ?? 30_000);
  delivery.unref();
  let stopping: Promise<void> | undefined;
  return {
    store,
    events,
    runner,
    notifier,
    scheduler,
    runNow: (kind, trigger = 'request') => submit(kind, trigger, works[kind]()),
    applyFirmware: (request) => submit('firmware-apply', 'request', firmwareApplyJob(jobOptions, request)),
    stop(deadlineMs) {
      stopping ??= (async () => {
        clearInterval(delivery);
        const triggersStopped = scheduler.stop();
        await runner.stop(deadlineMs);
        await triggersStopped;
        if (!options.store) await inventory.close();
      })();
      return stopping;
    },
  };
}

/** The scheduled jobs, in the order they run when due together: scan first, so the checks see fresh facts. */
function scheduledJobs(
  options: AlwaysOnOptions,
  submit: (kind: ScheduledKind) => Promise<SubmittedJob>,
): SchedulerJob[] {
  const serve = options.config().serve;
  const job = (kind: ScheduledKind, pattern: string): SchedulerJob => ({
    name: kind,
    pattern,
    run: async () => {
      await (await submit(kind)).done;
    },
  });
  const jobs = [job('scan', serve.scan)];
  if (options.config().dns.sources.length > 0) jobs.push(job('dns-import', serve.dnsImport));
  jobs.push(job('firmware-check', options.patterns?.firmwareCheck ?? serve.firmwareCheck));
  jobs.push(job('maintenance-window', options.patterns?.maintenance ?? serve.maintenance));
  return jobs;
}
