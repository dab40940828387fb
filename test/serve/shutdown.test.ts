import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAddress } from '../support/addresses.ts';
import { ApiClient } from '../support/serve.ts';

/**
 * Graceful shutdown of a real `iotwarden serve` process: SIGTERM stops the listener, lets the running job finish
 * within --stop-deadline or records it as interrupted, closes the database cleanly (WAL checkpointed, integrity
 * intact) and exits 0.
 */
const root = resolve(import.meta.dirname, '../..');

interface ServeProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  setupToken: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

async function startServeProcess(dir: string, config: string, extra: string[] = []): Promise<ServeProcess> {
  writeFileSync(join(dir, 'iotwarden.yaml'), config);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--db',
      join(dir, 'inventory.db'),
      '--config',
      join(dir, 'iotwarden.yaml'),
      '--listen',
      '127.0.0.1:0',
      ...extra,
    ],
    { cwd: root, env: { ...process.env, IOTWARDEN_RUNTIME_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const deadline = Date.now() + 30_000;
  while (!/setup\?token=\S+/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
  const setupToken = /setup\?token=(\S+)/.exec(out)?.[1] ?? '';
  return { child, url, setupToken, stdout: () => out, exited };
}

/** A device that accepts connections on 8080 and never answers: a scan of it runs until its time budget ends. */
let hanging: Server;
const sockets = new Set<Socket>();
const address = testAddress();
beforeAll(async () => {
  hanging = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done) => hanging.listen(8080, address, done));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((done) => hanging.close(() => done()));
});

describe('iotwarden serve shutdown', () => {
  it('on SIGTERM, an idle server stops listening, closes the database cleanly and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-serve-stop-'));
    const serve = await startServeProcess(dir, 'networks: []\n');
    const owner = new ApiClient(serve.url);
    expect((await owner.setup(serve.setupToken)).status).toBe(201);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.stdout()).toMatch(/iotwarden serve: stopped\n$/);
    await expect(fetch(`${serve.url}/api/health`)).rejects.toThrow();
    const wal = join(dir, 'inventory.db-wal');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const db = new BetterSqlite3(join(dir, 'inventory.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
    db.close();
  }, 60_000);

  it('a job still running at the deadline is recorded as interrupted, and the process still exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-serve-stop-'));
    const config = `networks: ["${address}"]\nscan: { ports: "8080", requestTimeoutMs: 30000 }\n`;
    const serve = await startServeProcess(dir, config, ['--stop-deadline', '1']);
    const owner = new ApiClient(serve.url);
    await owner.setup(serve.setupToken);
    const jobId = (await owner.post('/api/scan')).body.data.jobId as string;
    for (let i = 0; i < 100; i++) {
      if ((await owner.get(`/api/jobs/${jobId}`)).body.data.state === 'running' && sockets.size > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const stoppedAt = Date.now();
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const db = new BetterSqlite3(join(dir, 'inventory.db'), { readonly: true });
    const job = db.prepare('SELECT state, finished_ms FROM jobs WHERE id = ?').get(jobId) as {
      state: string;
      finished_ms: number;
    };
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(job.state).toBe('interrupted');
    expect(job.finished_ms).toBeGreaterThanOrEqual(stoppedAt);
  }, 60_000);
});
