import pino from 'pino';

/** Logs go to stderr so stdout stays free for the lab's ready line and for --json output. */
export type Logger = pino.Logger;

export function createLogger(level: string = process.env.IOTWARDEN_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: null }, pino.destination({ fd: 2, sync: true }));
}

/** For tests and library use: a logger that drops everything. */
export const silentLogger: Logger = pino({ level: 'silent' });
