import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** The uid/gid of `nobody`, used to see file permissions as an ordinary user sees them when tests run as root. */
const NOBODY = { uid: 65534, gid: 65534 };

/** True when file permissions bind this process (root ignores them, so read-only tests must drop privileges). */
export const runningAsRoot = process.getuid?.() === 0;

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Working directory and HOME of the run: no config or database of the machine leaks in. */
  home: string;
  env?: Record<string, string>;
  /** Run as `nobody` when the tests run as root (setpriv), so permissions apply as they do for a user. */
  unprivileged?: boolean;
  timeoutMs?: number;
}

/** A scratch directory the CLI can use as HOME, also as `nobody`. Remove it with `cleanup`. */
export function cliHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'iotwarden-cli-home-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** Hands a directory tree to `nobody` (when running as root), so an unprivileged CLI run may use it. */
export function giveToUnprivileged(path: string): void {
  if (!runningAsRoot) return;
  chownSync(path, NOBODY.uid, NOBODY.gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) giveToUnprivileged(join(path, entry));
}

/** Starts `iotwarden …` as a user would start it (bin/iotwarden.js under this Node), without waiting for it. */
export function spawnCli(args: readonly string[], options: CliOptions): ChildProcess {
  const command = [process.execPath, join(root, 'bin/iotwarden.js'), ...args];
  const [file, ...argv] =
    options.unprivileged && runningAsRoot
      ? ['setpriv', `--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', '--', ...command]
      : command;
  return spawn(file!, argv, {
    cwd: options.home,
    env: {
      ...process.env,
      HOME: options.home,
      XDG_CONFIG_HOME: '',
      XDG_DATA_HOME: '',
      IOTWARDEN_CONFIG: '',
      IOTWARDEN_DB: '',
      IOTWARDEN_RUNTIME_DIR: join(options.home, 'runtime'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `iotwarden …` to the end and collects its output. The event loop stays free (listeners keep accepting). */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolvePromise({ status, signal, stdout, stderr });
    });
  });
}
