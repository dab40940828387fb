import pino from 'pino';
import { escapeJsonControls } from './untrusted-text.ts';

/** Logs go to stderr so stdout stays free for the lab's ready line and for --json output. */
export type Logger = pino.Logger;

/** Where log lines go: stderr by default; the CLI's tests hand in their own stream. */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * A JSON-lines logger. Log lines quote devices (names, banners, errors), and pino's JSON leaves C1 controls and bidi
 * overrides raw, so every line passes the same escaping as `--json` output before it reaches a terminal.
 */
export function createLogger(
  level: string = process.env.IOTWARDEN_LOG_LEVEL ?? 'info',
  destination: LogDestination = pino.destination({ fd: 2, sync: true }),
): Logger {
  return pino({ level, base: null }, { write: (line: string) => destination.write(escapeJsonControls(line)) });
}

/** For tests and library use: a logger that drops everything. */
export const silentLogger: Logger = pino({ level: 'silent' });
