import { CommanderError } from '@commander-js/extra-typings';
import { IotwardenError } from '../errors/index.ts';
import { sanitizeText } from '../util/untrusted-text.ts';
import { type CliDeps, type Output, processDeps } from './deps.ts';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.ts';
import { buildProgram } from './program.ts';

/**
 * Runs one command line (`argv` as in process.argv) and returns its exit code. Nothing is thrown: errors are
 * reported here, once, in the user's shape.
 */
export async function runCli(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  let exitCode = 0;
  const deps: CliDeps = {
    ...processDeps(),
    ...overrides,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  try {
    await buildProgram(deps).parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    return reportCliError(error, deps.err, wantsDebug(argv, deps.env));
  }
}

/**
 * The one place where errors become what a user sees: a single line on stderr, and a stack trace only with --debug.
 * Messages quote devices (names, models, answers), so they pass the same sanitiser as every other output.
 */
export function reportCliError(error: unknown, err: Output, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its own message (unknown option, missing argument); --help and --version exit 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof IotwardenError) {
    err.write(`iotwarden: ${sanitizeText(error.message)} [${error.code}]\n`);
    if (debug) err.write(`${formatStack(error)}\n`);
    return error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  err.write(`iotwarden: unexpected error: ${sanitizeText(message)}\n`);
  if (debug) err.write(`${formatStack(error)}\n`);
  else err.write('iotwarden: run again with --debug for details\n');
  return EXIT_FAILURE;
}

function formatStack(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.stack ?? current.message);
    current = current.cause;
  }
  return sanitizeText(parts.join('\ncaused by: '), { multiline: true });
}

export function wantsDebug(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--debug') || env.IOTWARDEN_DEBUG === '1';
}
