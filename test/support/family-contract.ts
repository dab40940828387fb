import type { Credential, ProbeContext } from '../../src/families/device-adapter.ts';
import type { DeviceFacts } from '../../src/families/facts.ts';
import { silentLogger } from '../../src/util/logger.ts';

/**
 * Helpers of the family contract suite (test/contract): contexts, a stopwatch for "settles in time", and a watch
 * for the unhandled errors a hostile device must never cause.
 */

export interface ContractContextOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
  /** Handed out for every credential lookup, whatever the family. */
  credential?: Credential;
}

export function contractContext(options: ContractContextOptions = {}): ProbeContext {
  return {
    signal: options.signal ?? AbortSignal.timeout(20_000),
    timeoutMs: options.timeoutMs ?? 2000,
    maxBytes: options.maxBytes ?? 1 << 20,
    credentials: () => options.credential,
    credentialChecks: false,
    log: silentLogger,
  };
}

export type Settled<T> =
  | { status: 'resolved'; value: T; elapsedMs: number }
  | { status: 'rejected'; error: unknown; elapsedMs: number };

/** Runs `work` and reports how it settled and how long it took; never throws. */
export async function settle<T>(work: () => Promise<T>): Promise<Settled<T>> {
  const started = performance.now();
  try {
    const value = await work();
    return { status: 'resolved', value, elapsedMs: performance.now() - started };
  } catch (error) {
    return { status: 'rejected', error, elapsedMs: performance.now() - started };
  }
}

/**
 * Records uncaught exceptions and unhandled rejections while a test runs. Vitest would also fail the run, but only
 * this names the test whose device caused one.
 */
export function watchUnhandled(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const record = (error: unknown): void => {
    errors.push(error);
  };
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    errors,
    stop: () => {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
}

/** Lets sockets closed a moment ago report their errors before the watch ends. */
export function aFewTicks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Never cleaner than seen: every fact that makes a device look safer carries the evidence that shows it, and an
 * inspection cut short says so. Returns what is wrong, one line each.
 */
export function unprovenClaims(facts: DeviceFacts): string[] {
  const wrong: string[] = [];
  if (facts.auth.state !== 'unknown' && !facts.auth.evidence) wrong.push(`auth "${facts.auth.state}" without evidence`);
  if (facts.cloud && !facts.cloud.evidence) wrong.push('cloud setting without evidence');
  if (facts.firmware.autoUpdate !== undefined && !facts.firmware.autoUpdateEvidence) {
    wrong.push('auto-update setting without evidence');
  }
  if (facts.firmware.latest !== undefined && !facts.firmware.updateEvidence)
    wrong.push('latest firmware without evidence');
  return wrong;
}
