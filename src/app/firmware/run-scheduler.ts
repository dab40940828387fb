/**
 * `iotwarden run` as a use case: the always-on process without its web server (the same scheduler, jobs and
 * notifications as `iotwarden serve`), either once (scan, firmware check, maintenance window) or until `stopped`.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { startAlwaysOn } from '../serve/always-on.ts';

export interface SchedulerRunRequest {
  /** The inventory database file. */
  db: string;
  config: () => IotwardenConfig;
  /** Overrides `serve.firmwareCheck` / `serve.maintenance` when given. */
  checkPattern: string | undefined;
  windowPattern: string | undefined;
  /** Run the scan (when networks are configured), the check and the maintenance-window job once, then return. */
  once: boolean;
  /** Resolves when the scheduler should stop (unless `once`). */
  stopped: () => Promise<void>;
  log: Logger;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  /** How long running jobs get to finish when stopped. */
  stopDeadlineMs?: number;
}

export async function runScheduler(request: SchedulerRunRequest): Promise<void> {
  const alwaysOn = await startAlwaysOn({
    db: request.db,
    config: request.config,
    env: request.env,
    clock: request.clock,
    log: request.log,
    patterns: {
      ...(request.checkPattern ? { firmwareCheck: request.checkPattern } : {}),
      ...(request.windowPattern ? { maintenance: request.windowPattern } : {}),
    },
  });
  try {
    if (request.once) {
      if (request.config().networks.length > 0) await (await alwaysOn.runNow('scan', 'schedule')).done;
      else request.log.warn('no networks in iotwarden.yaml: firmware state comes from the last scan only');
      await (await alwaysOn.runNow('firmware-check', 'schedule')).done;
      await (await alwaysOn.runNow('maintenance-window', 'schedule')).done;
      await alwaysOn.notifier.deliverDue();
    } else {
      await request.stopped();
    }
  } finally {
    await alwaysOn.stop(request.stopDeadlineMs ?? 60_000);
  }
}
