import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/store.ts';
import { UsageError } from '../../errors/index.ts';
import { openServeStore, type ServeStore } from '../../store/serve-store.ts';
import { systemClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import { JobRunner } from './job-runner.ts';
import { type LiveEvent, LiveEvents } from './live-events.ts';

let store: ServeStore;
let cleanup: () => void;
let events: LiveEvents;
let seen: LiveEvent[];
beforeEach(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openServeStore(`${temp.dir}/inventory.db`);
  events = new LiveEvents();
  seen = [];
  events.subscribe((e) => seen.push(e));
});
afterEach(async () => {
  await store.close();
  cleanup();
});

const runner = () => new JobRunner({ store, events, clock: systemClock, log: silentLogger });
const gate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

describe('job runner', () => {
  it('runs one job at a time, and a kind already queued or running is that job, not a second one', async () => {
    const jobs = runner();
    const first = gate();
    const order: string[] = [];
    const scan = await jobs.submit('scan', 'request', async () => {
      order.push('scan start');
      await first.opened;
      order.push('scan end');
      return { summary: 'scanned' };
    });
    const again = await jobs.submit('scan', 'schedule', async () => ({ summary: 'never runs' }));
    expect(again).toMatchObject({ id: scan.id, existing: true });
    const check = await jobs.submit('firmware-check', 'schedule', async () => {
      order.push('check');
      return { summary: 'checked' };
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(jobs.active().map((j) => j.kind)).toEqual(['scan', 'firmware-check']);
    first.open();
    await check.done;
    expect(order).toEqual(['scan start', 'scan end', 'check']);
    expect((await store.job(scan.id))?.state).toBe('done');
    expect(
      seen.filter((e) => e.type === 'job' && e.jobId === scan.id).map((e) => (e as { state: string }).state),
    ).toEqual(['queued', 'running', 'done']);
  });

  it('records a failure with its code and goes on with the next job', async () => {
    const jobs = runner();
    const failing = await jobs.submit('dns-import', 'schedule', async () => {
      throw new UsageError('no DNS source', { code: 'ERR_NO_DNS_SOURCE' });
    });
    const next = await jobs.submit('scan', 'schedule', async () => ({ summary: 'fine' }));
    await next.done;
    expect(await store.job(failing.id)).toMatchObject({
      state: 'failed',
      errorCode: 'ERR_NO_DNS_SOURCE',
      summary: 'no DNS source',
    });
    expect((await store.job(next.id))?.state).toBe('done');
  });

  it('on stop, waits for the deadline, then aborts and records what did not end as interrupted', async () => {
    const jobs = runner();
    const stubborn = await jobs.submit(
      'maintenance-window',
      'schedule',
      (ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => resolve({ summary: 'stopped early' }));
        }),
    );
    const queued = await jobs.submit('scan', 'schedule', async () => ({ summary: 'never runs' }));
    await jobs.stop(50);
    expect((await store.job(stubborn.id))?.state).toBe('interrupted');
    expect((await store.job(queued.id))?.state).toBe('interrupted');
    await expect(jobs.submit('scan', 'request', async () => ({ summary: 'late' }))).rejects.toMatchObject({
      code: 'ERR_SHUTTING_DOWN',
    });
  });

  it('marks jobs a killed process left behind as interrupted at the next start', async () => {
    await store.queueJob({ id: 'left-over', kind: 'scan', trigger: 'schedule', queuedMs: 1 });
    await store.markJobRunning('left-over', 2);
    expect(await runner().recover()).toBe(1);
    expect((await store.job('left-over'))?.state).toBe('interrupted');
  });
});
