/**
 * Runs `iotwarden serve` as users run it (the built bundle, `node dist/iotwarden.mjs serve`) in a child process on
 * a loopback port, and creates the owner through the printed setup link, for the serve benchmarks.
 */
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface ServeChild {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  cookie: string;
  csrf: string;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Builds dist/iotwarden.mjs (esbuild, about two seconds). */
export function buildBundle(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

/** VmRSS of a process, in MB. */
export function rssMbOf(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** The node flags docs/iotwarden.service starts serve with, read from its ExecStart line. */
export function unitNodeFlags(): string[] {
  const unit = readFileSync('docs/iotwarden.service', 'utf8');
  const exec = /^ExecStart=\S+\s+(.*?)\s+\S+iotwarden\.mjs/m.exec(unit)?.[1] ?? '';
  return exec.split(/\s+/).filter((flag) => flag.startsWith('--'));
}

export async function startServeChild(db: string, dir: string, nodeFlags: readonly string[] = []): Promise<ServeChild> {
  const config = join(dir, 'iotwarden.yaml');
  writeFileSync(config, 'networks: []\n');
  const child = spawn(
    process.execPath,
    [...nodeFlags, 'dist/iotwarden.mjs', 'serve', '--db', db, '--config', config, '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IOTWARDEN_LOG_LEVEL: 'warn' } },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.resume();
  const deadline = Date.now() + 60_000;
  while (!/setup\?token=\S+/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
  const token = /setup\?token=(\S+)/.exec(out)?.[1] ?? '';
  const setup = await fetch(`${url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ token, username: 'bench', password: 'benchmark password' }),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${await setup.text()}`);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = ((await setup.json()) as { data: { csrfToken: string } }).data.csrfToken;
  return {
    child,
    url,
    cookie,
    csrf,
    rssMb: () => rssMbOf(child.pid ?? 0),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The floor: a bare hono server on @hono/node-server answering one JSON route, in its own `node -e`. */
export async function startBareHono(): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const source = `
    const { serve } = await import('@hono/node-server');
    const { Hono } = await import('hono');
    const app = new Hono();
    app.get('/', (c) => c.json({ ok: true }));
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('port ' + info.port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => {
    child.stdout.on('data', (c: Buffer) => {
      const match = /port (\d+)/.exec(c.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  return {
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
