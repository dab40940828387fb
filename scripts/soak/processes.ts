import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
/** The bundled CLI (scripts/build.mjs): it starts in a fraction of the time tsx needs, so trials measure the work. */
export const CLI = join(root, 'dist', 'iotwarden.mjs');

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Environment of every child: its own HOME, runtime dir and nothing from the machine's configuration. */
export function childEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: '',
    XDG_DATA_HOME: '',
    IOTWARDEN_CONFIG: '',
    IOTWARDEN_DB: '',
    IOTWARDEN_RUNTIME_DIR: join(home, 'runtime'),
  };
}

/** `iotwarden …args`, killed with SIGKILL after `killAfterMs` if it is still running (or after `timeoutMs`). */
export function runCli(home: string, args: readonly string[], killAfterMs?: number, timeoutMs = 180_000): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: home,
    env: childEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), killAfterMs ?? timeoutMs);
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => {
      clearTimeout(kill);
      resolvePromise({ status, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** `iotwarden lab --scenario file` as a child, resolved once its ready line is out. */
export function startLabChild(home: string, scenario: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'lab', '--scenario', scenario], {
    cwd: home,
    env: childEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lab did not get ready: ${stderr}`));
    }, 60_000);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('"ready":true')) {
        clearTimeout(timer);
        resolvePromise(child);
      }
    });
    child.once('exit', () => reject(new Error(`lab exited: ${stderr}`)));
  });
}

/** Stops a lab child and waits until it is gone (its port map goes with it). */
export function stopLabChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}
