/**
 * One TCP connection attempt, for reachability audits (iotwarden segment audit): does a handshake to address:port
 * complete from here (optionally from a given local address), within a timeout? Nothing is sent; the connection is
 * closed as soon as it opens. Refused and timed-out attempts are answers, not errors.
 */
import { connect } from 'node:net';

export interface ReachAttempt {
  address: string;
  port: number;
  /** `open`: the handshake completed; `refused`: a RST came back (the host is reachable, the port closed). */
  outcome: 'open' | 'refused' | 'timeout' | 'unreachable' | 'error';
  /** The local address the attempt left from, when the socket got one. */
  localAddress: string | undefined;
  ms: number;
  detail?: string;
}

export function tryConnect(options: {
  address: string;
  port: number;
  localAddress?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<ReachAttempt> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({
      host: options.address,
      port: options.port,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    let done = false;
    const finish = (outcome: ReachAttempt['outcome'], detail?: string): void => {
      if (done) return;
      done = true;
      const localAddress = socket.localAddress;
      socket.destroy();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        address: options.address,
        port: options.port,
        outcome,
        localAddress,
        ms: Math.round(performance.now() - started),
        ...(detail ? { detail } : {}),
      });
    };
    const onAbort = (): void => finish('error', 'cancelled');
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') finish('refused');
      else if (error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') finish('unreachable', error.code);
      else finish('error', error.code ?? error.message);
    });
  });
}
