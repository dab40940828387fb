import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../util/logger.ts';
import { type ScheduleFn, type SchedulerJob, startScheduler } from './scheduler.ts';

/** Triggers the test fires by hand, standing in for croner's timers. */
function manualSchedule() {
  const ticks = new Map<string, () => void>();
  const schedule: ScheduleFn = (pattern, _zone, tick) => {
    ticks.set(pattern, tick);
    return { stop: () => ticks.delete(pattern), nextRun: () => null };
  };
  return { schedule, fire: (pattern: string) => ticks.get(pattern)?.(), ticks };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('scheduler', () => {
  it('runs jobs one at a time, in trigger order, and survives a failing job', async () => {
    const { schedule, fire } = manualSchedule();
    const order: string[] = [];
    const gate = deferred();
    const jobs: SchedulerJob[] = [
      {
        name: 'check',
        pattern: 'A',
        run: async () => {
          order.push('check:start');
          await gate.promise;
          order.push('check:end');
        },
      },
      {
        name: 'window',
        pattern: 'B',
        run: async () => {
          order.push('window');
          throw new Error('device exploded');
        },
      },
    ];
    const scheduler = startScheduler({ jobs, log: silentLogger, schedule });
    fire('A');
    fire('B');
    fire('B'); // already queued: no second copy
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['check:start']);
    gate.resolve();
    await scheduler.runNow('window');
    expect(order).toEqual(['check:start', 'check:end', 'window']);
    // The failure did not stop the scheduler: the next trigger runs the job again.
    fire('B');
    await scheduler.runNow('check');
    expect(order.filter((o) => o === 'window')).toHaveLength(2);
    await scheduler.stop();
  });

  it('stops cleanly: triggers removed, the running job aborted and awaited', async () => {
    const { schedule, fire, ticks } = manualSchedule();
    let sawAbort = false;
    const job: SchedulerJob = {
      name: 'long',
      pattern: 'L',
      run: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve();
          });
        }),
    };
    const scheduler = startScheduler({ jobs: [job], log: silentLogger, schedule });
    fire('L');
    await new Promise((r) => setImmediate(r));
    await scheduler.stop();
    expect(sawAbort).toBe(true);
    expect(ticks.size).toBe(0);
    await scheduler.stop(); // twice is fine
    await expect(scheduler.runNow('missing')).rejects.toThrow(/no scheduler job/);
  });

  it('drives jobs from real croner patterns', async () => {
    let runs = 0;
    const scheduler = startScheduler({
      jobs: [{ name: 'every-second', pattern: '* * * * * *', run: async () => void runs++ }],
      log: silentLogger,
      timeZone: 'UTC',
    });
    expect(scheduler.nextRuns()[0]?.at).toBeInstanceOf(Date);
    const deadline = Date.now() + 2500;
    while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    expect(runs).toBeGreaterThan(0);
  });
});
