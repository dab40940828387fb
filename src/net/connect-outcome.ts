import { getSystemErrorName } from 'node:util';

/**
 * How one TCP connect ended. `resource` means this machine ran out of something (file descriptors, local ports,
 * buffers): the port's state is unknown and the probe should be retried, not reported.
 */
export type ConnectOutcome = 'open' | 'refused' | 'timeout' | 'unreachable' | 'resource';

const RESOURCE = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'EAGAIN', 'EADDRNOTAVAIL', 'EADDRINUSE']);
const outcomeByCode = new Map<string, ConnectOutcome>([
  ['ECONNREFUSED', 'refused'],
  // A reset during the handshake is still an answer from the host's stack.
  ['ECONNRESET', 'refused'],
  ['ETIMEDOUT', 'timeout'],
]);

/** Maps an errno name (`ECONNREFUSED`) to an outcome; unknown failures count as unreachable. */
export function outcomeOfCode(code: string): ConnectOutcome {
  return outcomeByCode.get(code) ?? (RESOURCE.has(code) ? 'resource' : 'unreachable');
}

const outcomeByStatus = new Map<number, ConnectOutcome>();

/** Maps a libuv status (negative errno on POSIX, libuv's own codes on Windows) to an outcome, memoised. */
export function outcomeOfStatus(status: number): ConnectOutcome {
  let outcome = outcomeByStatus.get(status);
  if (outcome === undefined) {
    outcome = outcomeOfCode(getSystemErrorName(status));
    outcomeByStatus.set(status, outcome);
  }
  return outcome;
}
