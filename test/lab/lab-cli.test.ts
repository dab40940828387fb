import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { requestHttp } from '../../src/net/http-client.ts';
import { testAddress } from '../support/addresses.ts';

const root = resolve(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;

interface Ready {
  ready: boolean;
  devices: Array<{
    name: string;
    kind: string;
    address: string;
    ports: Array<{ port: number; actual: number; transport: string }>;
  }>;
}

function writeScenario(): { file: string; runtime: string; address: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-lab-cli-'));
  chmodSync(dir, 0o755);
  const address = testAddress();
  const file = join(dir, 'home.yaml');
  writeFileSync(file, `devices:\n  - name: garage-door\n    kind: shelly-gen1\n    address: ${address}\n`);
  return { file, runtime: join(dir, 'run'), address };
}

/** Starts `iotwarden lab` (optionally through a prefix such as setpriv) and resolves with its ready line. */
function startLabProcess(
  args: string[],
  env: Record<string, string>,
  prefix: string[] = [],
): Promise<{ child: ChildProcessByStdio<null, Readable, Readable>; ready: Ready; stderr: () => string }> {
  const command = [...prefix, process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts'), 'lab', ...args];
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0)
        resolvePromise({ child, ready: JSON.parse(out.slice(0, newline)) as Ready, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`lab exited with ${code} before ready: ${stderr}`)));
  });
}

function exitOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<number | null> {
  return new Promise((r) => child.on('exit', (code) => r(code)));
}

describe('iotwarden lab (CLI)', () => {
  it('prints one ready line, writes the port map, and shuts down cleanly on SIGTERM', async () => {
    const { file, runtime, address } = writeScenario();
    const { child, ready } = await startLabProcess(['--scenario', file], { IOTWARDEN_RUNTIME_DIR: runtime });
    expect(ready.ready).toBe(true);
    expect(ready.devices).toHaveLength(1);
    const device = ready.devices[0]!;
    expect(device).toMatchObject({ name: 'garage-door', kind: 'shelly-gen1', address });
    const http = device.ports.find((p) => p.port === 80)!;
    expect(http.actual).toBe(isRoot ? 80 : 10080);
    const mapFile = join(runtime, `lab-${child.pid}.json`);
    expect(JSON.parse(readFileSync(mapFile, 'utf8')).devices[0].ports).toEqual(device.ports);
    const answer = await requestHttp({
      host: address,
      port: http.actual,
      path: '/shelly',
      timeoutMs: 2000,
      maxBytes: 65536,
    });
    expect(answer.status).toBe(200);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(mapFile)).toBe(false);
  });

  it('exits 2 with a one-line message for a bad scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-lab-bad-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'devices:\n  - name: x\n    kind: toaster\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'lab', '--scenario', file], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`${file}:3: kind: unknown kind`);
    expect(run.stderr).not.toContain('    at ');
  });

  // The unprivileged path for real: as root, drop to `nobody` with setpriv so binding port 80 fails with EACCES.
  const canDrop =
    isRoot &&
    spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', join(root, 'package.json')])
      .status === 0;
  it.runIf(canDrop)('without root, shifts privileged ports by 10000 on its own', async () => {
    const { file, address } = writeScenario();
    const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-lab-nobody-'));
    chmodSync(runtime, 0o777);
    const { child, ready } = await startLabProcess(
      ['--scenario', file],
      { IOTWARDEN_RUNTIME_DIR: runtime, HOME: tmpdir() },
      ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
    );
    expect(ready.devices[0]?.ports.find((p) => p.port === 80)?.actual).toBe(10080);
    const answer = await requestHttp({ host: address, port: 10080, path: '/shelly', timeoutMs: 2000, maxBytes: 65536 });
    expect(answer.status).toBe(200);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
