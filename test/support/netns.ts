/**
 * Linux network namespaces for tests that need a router, segments and an "internet" (issue 14: enforcement and
 * segment audits). Every namespace is named `iwz<pid><tag>`, so a later run can tell which ones a dead process left
 * behind and sweep them; the namespaces of this process are removed by `cleanup()` and, as a last resort, when the
 * process exits. Addresses used inside (10.213.0.0/16 for the home, 198.51.100.0/24 for the internet) exist only
 * inside these namespaces: nothing is configured on a real interface and no route leaves them.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PREFIX = 'iwz';

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listNamespaces(): string[] {
  try {
    return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 })
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Deletes namespaces that earlier test processes created and could not remove (their pid is gone). */
export function sweepStaleNamespaces(): string[] {
  const swept: string[] = [];
  for (const name of listNamespaces()) {
    const match = new RegExp(`^${PREFIX}(\\d+)[a-z]`).exec(name);
    if (!match || alive(Number(match[1]))) continue;
    try {
      execFileSync('ip', ['netns', 'del', name], { timeout: 10_000 });
      swept.push(name);
    } catch {
      // Another sweeper got it first.
    }
  }
  return swept;
}

/** Why namespace tests cannot run here, or undefined when they can (root and `ip netns` working). */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (ip netns, nftables): run as root, as CI does';
  try {
    execFileSync('ip', ['-V'], { timeout: 5000 });
  } catch {
    return 'iproute2 (ip) is not installed';
  }
  return undefined;
}

export class NetnsLab {
  readonly #tag: string;
  readonly #names: string[] = [];
  readonly #children: ChildProcess[] = [];
  readonly #onExit = (): void => this.cleanupSync();

  constructor(tag: string) {
    this.#tag = tag;
    process.once('exit', this.#onExit);
  }

  /** The real name of a namespace of this lab. */
  ns(name: string): string {
    return `${PREFIX}${process.pid}${this.#tag}${name}`;
  }

  async add(name: string): Promise<string> {
    const full = this.ns(name);
    await run('ip', ['netns', 'add', full], { timeout: 10_000 });
    this.#names.push(full);
    await this.exec(name, ['ip', 'link', 'set', 'lo', 'up']);
    return full;
  }

  /** A veth pair from `a` (interface `ifA`) to `b` (interface `ifB`), optionally with a fixed MAC on b's end. */
  async link(a: string, ifA: string, b: string, ifB: string, options: { macB?: string } = {}): Promise<void> {
    await run('ip', ['-n', this.ns(a), 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', this.ns(b)]);
    if (options.macB) await this.exec(b, ['ip', 'link', 'set', ifB, 'address', options.macB]);
    await this.exec(a, ['ip', 'link', 'set', ifA, 'up']);
    await this.exec(b, ['ip', 'link', 'set', ifB, 'up']);
  }

  /** Runs a command inside a namespace; never throws for a non-zero exit (the code is the answer). */
  async exec(name: string, command: string[], options: { timeoutMs?: number; input?: string } = {}): Promise<Exec> {
    return new Promise((resolve) => {
      const child = execFile(
        'ip',
        ['netns', 'exec', this.ns(name), ...command],
        { timeout: options.timeoutMs ?? 10_000, maxBuffer: 4 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 124) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }

  /** Like exec, but throws with the output when the command fails. */
  async must(name: string, command: string[], options: { input?: string } = {}): Promise<string> {
    const result = await this.exec(name, command, options);
    if (result.code !== 0) throw new Error(`${command.join(' ')} in ${name}: ${result.code} ${result.stderr}`);
    return result.stdout;
  }

  /** A long-running process inside a namespace, stopped by cleanup(). */
  spawn(name: string, command: string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.ns(name), ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#children.push(child);
    return child;
  }

  /** Whether a TCP connection from `name` to address:port opens within `timeoutMs`. */
  async connects(name: string, address: string, port: number, timeoutMs = 1500): Promise<boolean> {
    const script = `const s=require('net').connect({host:${JSON.stringify(address)},port:${port},timeout:${timeoutMs}});s.on('connect',()=>{s.destroy();process.exit(0)});s.on('timeout',()=>process.exit(3));s.on('error',()=>process.exit(4));`;
    const result = await this.exec(name, [process.execPath, '-e', script], { timeoutMs: timeoutMs + 5000 });
    return result.code === 0;
  }

  async cleanup(): Promise<void> {
    for (const child of this.#children) child.kill('SIGKILL');
    for (const name of this.#names.splice(0)) await run('ip', ['netns', 'del', name]).catch(() => undefined);
    process.removeListener('exit', this.#onExit);
  }

  cleanupSync(): void {
    for (const child of this.#children) child.kill('SIGKILL');
    for (const name of this.#names.splice(0)) {
      try {
        execFileSync('ip', ['netns', 'del', name], { timeout: 10_000 });
      } catch {
        // Already gone.
      }
    }
  }
}
