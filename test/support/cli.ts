/**
 * Runs iotwarden's commands in-process, exactly as a shell would but with captured output: stdout, stderr and the
 * exit code, and a fake or real clock. Test files only.
 */
import { Writable } from 'node:stream';
import { Command } from '@commander-js/extra-typings';
import { type CliDeps, processDeps } from '../../src/cli/deps.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { createLogger, silentLogger } from '../../src/util/logger.ts';

/** A stream that keeps what is written to it. */
export class CapturedOutput extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Deps for an in-process run: captured streams, no colour, no signals; logs go to the captured stderr. */
export function capturedDeps(overrides: Partial<CliDeps> = {}): {
  deps: Partial<CliDeps>;
  out: CapturedOutput;
  err: CapturedOutput;
} {
  const out = new CapturedOutput();
  const err = new CapturedOutput();
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' };
  const deps: Partial<CliDeps> = {
    out,
    err,
    env,
    logger: (level) => createLogger(env.IOTWARDEN_LOG_LEVEL ?? level, err),
    interrupt: () => ({ signal: new AbortController().signal, dispose: () => undefined }),
    waitForStop: () => Promise.resolve(),
    ...overrides,
  };
  return { deps, out, err };
}

/** `iotwarden …args` in-process: never throws; errors are on stderr with their exit code, as from a shell. */
export async function runIotwarden(args: readonly string[], overrides: Partial<CliDeps> = {}): Promise<CliRun> {
  const { deps, out, err } = capturedDeps(overrides);
  const status = await runCli(['node', 'iotwarden', ...args], deps);
  return { status, stdout: out.text, stderr: err.text };
}

/**
 * One command registration on its own program, for tests of that command: returns stdout and throws what the
 * command throws (so a test can match the error's code). `onExitCode` sees exit codes the command sets.
 */
export async function runCommand(
  register: (program: Command, deps: CliDeps) => void,
  args: string[],
  options: { onExitCode?: (code: number) => void; deps?: Partial<CliDeps> } = {},
): Promise<string> {
  const { deps, out } = capturedDeps({ logger: () => silentLogger, ...options.deps });
  const program = new Command('iotwarden').exitOverride();
  register(program, { ...processDeps(), ...deps, setExitCode: (code) => options.onExitCode?.(code) });
  await program.parseAsync(args, { from: 'user' });
  return out.text;
}
