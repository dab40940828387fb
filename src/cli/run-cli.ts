import { CommanderError } from '@commander-js/extra-typings';
import { IotwardenError } from '../errors/index.ts';

/** Exit codes: 0 success, 1 a failure of the world (device, database, network), 2 the user's input was wrong. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * The one place where errors become what a user sees: a single line on stderr, and a stack trace only with --debug.
 */
export function reportCliError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its own message (unknown option, missing argument); --help and --version exit 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof IotwardenError) {
    process.stderr.write(`iotwarden: ${error.message} [${error.code}]\n`);
    if (debug) process.stderr.write(`${formatStack(error)}\n`);
    return error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`iotwarden: unexpected error: ${message}\n`);
  if (debug) process.stderr.write(`${formatStack(error)}\n`);
  else process.stderr.write('iotwarden: run again with --debug for details\n');
  return EXIT_FAILURE;
}

function formatStack(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.stack ?? current.message);
    current = current.cause;
  }
  return parts.join('\ncaused by: ');
}

export function wantsDebug(argv: readonly string[]): boolean {
  return argv.includes('--debug') || process.env.IOTWARDEN_DEBUG === '1';
}
