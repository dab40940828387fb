/**
 * `iotwarden run` as a use case: the scheduler with the firmware jobs (periodic check, maintenance window), either
 * once each and done, or until `stopped` resolves. The config is re-read before every job run.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { startScheduler } from './scheduler.ts';
import { firmwareJobs } from './scheduler-jobs.ts';

export interface SchedulerRunRequest {
  /** The inventory database file. */
  db: string;
  config: () => IotwardenConfig;
  checkPattern: string;
  windowPattern: string;
  /** Run the check and the maintenance-window job once, then return. */
  once: boolean;
  /** Resolves when the scheduler should stop (unless `once`). */
  stopped: () => Promise<void>;
  log: Logger;
  clock: Clock;
}

export async function runScheduler(request: SchedulerRunRequest): Promise<void> {
  const { log, clock } = request;
  const timeZone = request.config().firmware?.timeZone;
  const scheduler = startScheduler({
    jobs: firmwareJobs({
      db: request.db,
      config: request.config,
      log,
      clock,
      checkPattern: request.checkPattern,
      windowPattern: request.windowPattern,
    }),
    ...(timeZone ? { timeZone } : {}),
    log,
  });
  try {
    if (request.once) {
      await scheduler.runNow('firmware-check');
      await scheduler.runNow('maintenance-window');
    } else {
      await request.stopped();
    }
  } finally {
    await scheduler.stop();
  }
}
