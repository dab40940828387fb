/**
 * What a command needs from the world, as one object: output streams, the environment, the clock, logging, signals
 * and the lab's port maps. `processDeps()` wires them to the real process; tests hand in their own, so every command
 * runs in-process exactly as it does from a shell.
 */
import type { Readable, Writable } from 'node:stream';
import type { FirmwareCatalogue } from '../app/firmware/catalogue.ts';
import type { TrustedKey } from '../app/firmware/catalogue-signature.ts';
import { livePortResolver, type PortResolver } from '../net/port-overrides.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { createLogger, type Logger } from '../util/logger.ts';

/** A terminal or a pipe: `columns` and `isTTY` are set only on a terminal. */
export type Output = Writable & { columns?: number; isTTY?: boolean };

/** The keyboard, when there is one: `isTTY` is set only on a terminal. */
export type Input = Readable & { isTTY?: boolean };

export interface CliDeps {
  out: Output;
  /** Where confirmations are read (`fix apply` asks on a terminal); absent in tests, which is "no terminal". */
  in?: Input;
  err: Output;
  /** Colour (NO_COLOR, FORCE_COLOR, TERM), log level (IOTWARDEN_LOG_LEVEL) and default paths are read from here. */
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** A logger at IOTWARDEN_LOG_LEVEL, else at the command's default level; it writes to stderr. */
  logger: (defaultLevel: string) => Logger;
  /** Real ports as a running lab bound them. */
  connectPort: () => PortResolver;
  /** Firmware writes: request timeout, poll interval and reboot wait (tests shorten them). */
  timing?: { requestTimeoutMs?: number; pollIntervalMs?: number; maxRebootWaitMs?: number };
  /** Ctrl-C during a long command: the first asks the work to stop cleanly, a second exits at once. */
  interrupt: () => { signal: AbortSignal; dispose: () => void };
  /** Resolves when a long-running command (run, lab, demo --keep) should stop: SIGINT or SIGTERM. */
  waitForStop: () => Promise<void>;
  setExitCode: (code: number) => void;
  /** Catalogue keys and the bundled catalogue (tests sign their own). */
  trustedKeys?: readonly TrustedKey[];
  bundled?: FirmwareCatalogue;
}

/** The first SIGINT aborts the signal (the work keeps what it found); a second one exits with 130. */
function processInterrupt(err: Output): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(130);
    err.write('\ninterrupted: finishing cleanly and keeping what was found (Ctrl-C again to quit now)\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}

function processStop(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** The real process: stdout, stderr, its environment, the system clock and its signals. */
export function processDeps(): CliDeps {
  const env = process.env;
  return {
    out: process.stdout,
    in: process.stdin,
    err: process.stderr,
    env,
    clock: systemClock,
    logger: (level) => createLogger(env.IOTWARDEN_LOG_LEVEL ?? level),
    connectPort: livePortResolver,
    interrupt: () => processInterrupt(process.stderr),
    waitForStop: processStop,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}
