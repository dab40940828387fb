import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { testNetwork } from '../support/addresses.ts';
import { ApiClient, ownedServe, type TestServe } from '../support/serve.ts';

/**
 * Scan now through the API against a small lab, watched live over Server-Sent Events: the job is queued, runs and
 * ends; scan progress and the new findings stream while it runs; then the devices are in the API.
 */
const prefix = testNetwork().replace(/\.0\/24$/, '');
const PASSWORD = 'live-scan-password';
const OLD = '20221027-091427/v1.12.1-ga9117d3';
const NEW = '20230913-112003/v1.14.0-gcb84623';
let lab: RunningLab;
let t: TestServe;
let owner: ApiClient;

beforeAll(async () => {
  const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-live-scan-'));
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const scenario = buildScenario(
    {
      name: 'live-scan',
      network: `${prefix}.0/24`,
      devices: [
        { name: 'porch-light', kind: 'shelly-gen1', address: `${prefix}.11`, auth: { enabled: false } },
        { name: 'tv-plug', kind: 'kasa-legacy', address: `${prefix}.12`, model: 'HS100(UK)', hwVersion: '4.1' },
        {
          name: 'kitchen-island',
          kind: 'shelly-gen1',
          address: `${prefix}.13`,
          model: 'SHSW-25',
          firmware: OLD,
          auth: { enabled: true, username: 'admin', password: PASSWORD },
          update: { version: NEW, durationMs: 300 },
        },
      ],
    },
    { file: '<live scan test>', baseDir: process.cwd() },
  );
  lab = await startLab(scenario, { writePortMap: true });
  ({ t, owner } = await ownedServe({
    dir: runtime,
    configYaml: `networks: ["${prefix}.0/24"]\nscan: { ports: "80,9999" }\ncredentials:\n  - { family: shelly, username: admin, password: ${PASSWORD}, trustOnFirstUse: true }\n`,
  }));
});
afterAll(async () => {
  await t?.stop();
  await lab?.stop();
});

interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/** Reads an event stream until `until` says stop (or the time runs out). */
async function readEvents(
  client: ApiClient,
  until: (events: SseEvent[]) => boolean,
  headers: Record<string, string> = {},
) {
  const controller = new AbortController();
  const response = await fetch(new URL('/api/events', client.base), {
    headers: { cookie: client.cookie ?? '', ...headers },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const deadline = setTimeout(() => controller.abort(), 30_000);
  const done = (async () => {
    try {
      while (!until(events)) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        buffer += value;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((l) => l.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim();
          const data = field('data');
          if (data) events.push({ id: field('id') ?? '', event: field('event') ?? '', data: JSON.parse(data) });
          cut = buffer.indexOf('\n\n');
        }
      }
    } finally {
      clearTimeout(deadline);
      controller.abort();
    }
    return events;
  })();
  return { done, ready: Promise.resolve() };
}

describe('scan now with live progress', () => {
  it('streams the job, scan progress and new findings, then the devices are listed', async () => {
    let jobId = '';
    const watching = await readEvents(owner, (events) =>
      events.some(
        (e) => e.event === 'job' && e.data.jobId === jobId && ['done', 'failed'].includes(String(e.data.state)),
      ),
    );
    await new Promise((r) => setTimeout(r, 200)); // the stream is subscribed before the scan starts
    const started = await owner.post('/api/scan');
    expect(started.status).toBe(202);
    jobId = started.body.data.jobId;
    expect(started.body.data.existing).toBe(false);
    const again = await owner.post('/api/scan');
    expect(again.body.data).toEqual({ jobId, existing: true }); // a scan never overlaps itself

    const events = await watching.done;
    const mine = events.filter((e) => e.data.jobId === jobId);
    expect(mine.filter((e) => e.event === 'job').map((e) => e.data.state)).toEqual(['queued', 'running', 'done']);
    const progress = mine.filter((e) => e.event === 'scan-progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(new Set(progress.map((e) => e.data.phase))).toEqual(new Set(['discovery', 'inspection']));
    expect(progress.at(-1)?.data).toMatchObject({ phase: 'inspection', percent: 100 });
    const findings = events.filter((e) => e.event === 'finding');
    expect(findings.map((e) => e.data.checkId)).toEqual(
      expect.arrayContaining(['auth.no-login', 'protocol.kasa-legacy-xor']),
    );
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const job = (await owner.get(`/api/jobs/${jobId}`)).body.data;
    expect(job).toMatchObject({ kind: 'scan', trigger: 'request', state: 'done' });
    expect(job.summary).toMatch(/^Scan complete: 3 devices/);
    const devices = (await owner.get('/api/devices?sort=name')).body.data;
    expect(devices.rows.map((d: { name: string }) => d.name)).toEqual(['kitchen-island', 'porch-light', 'tv-plug']);
    const detail = (await owner.get(`/api/devices/${encodeURIComponent('porch-light')}`)).body.data;
    expect(detail.findings.map((f: { checkId: string }) => f.checkId)).toContain('auth.no-login');
    expect(detail.history).toHaveLength(1);

    // A client that reconnects with Last-Event-ID gets what it missed.
    const first = events[0]?.id ?? '0';
    const replay = await readEvents(owner, (seen) => seen.length >= events.length - 1, { 'last-event-id': first });
    const replayed = await replay.done;
    expect(replayed[0]?.id).toBe(events[1]?.id);
  }, 60_000);

  it('the summary and the firmware views answer over the scanned home', async () => {
    const summary = (await owner.get('/api/summary')).body.data;
    expect(summary.devices).toBe(3);
    expect(summary.findings.critical + summary.findings.high).toBeGreaterThan(0);
    expect(summary.scoreHistory).toHaveLength(1);
    expect(summary.topActions.length).toBeGreaterThan(0);
    const status = await owner.get('/api/firmware/status');
    expect(status.status).toBe(200);
    const plan = await owner.get('/api/firmware/plan?now=true');
    expect(plan.status).toBe(200);
    const hold = await owner.post('/api/firmware/holds', {
      target: 'tv-plug',
      reason: 'Home Assistant needs port 9999',
      until: '2030-01-31',
    });
    expect(hold.status).toBe(201);
    const holds = (await owner.get('/api/firmware/holds')).body.data;
    expect(holds).toEqual([
      expect.objectContaining({ scope: 'device', reason: 'Home Assistant needs port 9999', until: '2030-01-31' }),
    ]);
    const log = (await owner.get('/api/firmware/log')).body.data;
    expect(log.entries.map((e: { action: string }) => e.action)).toContain('hold');
    expect((await owner.delete('/api/firmware/holds/tv-plug')).status).toBe(200);
    expect((await owner.get('/api/firmware/holds')).body.data).toEqual([]);
    const report = await owner.get('/api/report?format=md');
    expect(report.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(report.text).toContain('porch-light');
    const lab = (await owner.get('/api/lab')).body.data;
    expect(lab.running).toBe(true);
    expect(lab.labs[0].devices.map((d: { name: string }) => d.name)).toEqual([
      'porch-light',
      'tv-plug',
      'kitchen-island',
    ]);
  });

  it('answers the risk register as the risk --json contract, every scanned device with its level and reason', async () => {
    const answer = await owner.get('/api/risk');
    expect(answer.status).toBe(200);
    const register = answer.body.data as {
      schemaVersion: number;
      entries: Array<{ name: string; level: string; score: number; reason: string }>;
    };
    expect(register.schemaVersion).toBe(1);
    expect(register.entries.map((e) => e.name).sort()).toEqual(['kitchen-island', 'porch-light', 'tv-plug']);
    for (const entry of register.entries) {
      expect(['low', 'medium', 'high', 'critical']).toContain(entry.level);
      expect(entry.reason.length).toBeGreaterThan(0);
    }
    // Worst first.
    const scores = register.entries.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await new ApiClient(t.url).get('/api/risk')).status).toBe(401);
  });

  it('installs firmware through the guardrails as a job, with each step over SSE', async () => {
    const unknown = await owner.post('/api/firmware/apply', { devices: ['no-such-device'], now: true });
    expect(unknown.status).toBe(404);
    let jobId = '';
    const watching = await readEvents(owner, (events) =>
      events.some(
        (e) => e.event === 'job' && e.data.jobId === jobId && ['done', 'failed'].includes(String(e.data.state)),
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = await owner.post('/api/firmware/apply', { devices: ['kitchen-island'], now: true });
    expect(started.status).toBe(202);
    jobId = started.body.data.jobId;
    const events = await watching.done;
    const steps = events.filter((e) => e.event === 'rollout-step' && e.data.jobId === jobId);
    expect(steps.map((e) => [e.data.name, e.data.action])).toEqual([['kitchen-island', 'updated']]);
    const job = (await owner.get(`/api/jobs/${jobId}`)).body.data;
    expect(job).toMatchObject({ kind: 'firmware-apply', state: 'done' });
    expect(job.summary).toMatch(/^1 updated, 0 failed/);
    const device = (await owner.get('/api/devices/kitchen-island')).body.data;
    expect(device.device.firmware.installed).toBe(NEW);
    const log = (await owner.get('/api/firmware/log?device=kitchen-island')).body.data;
    expect(log.entries.map((e: { action: string; result: string }) => `${e.action}:${e.result}`)).toContain(
      'install:started',
    );
  }, 60_000);
});
