import { createNativeConnectEngine } from './connect-engine-native.ts';
import { createSocketConnectEngine } from './connect-engine-socket.ts';
import { createThreadedConnectEngine, threadedEngineAvailable } from './connect-engine-threads.ts';

import type { ConnectOutcome } from './connect-outcome.ts';

export type { ConnectOutcome } from './connect-outcome.ts';

/**
 * Runs many TCP connects at once, each identified by a slot number in [0, slots). The engine calls `onDone`
 * exactly once per `start`, unless `cancelAll` ran first. The caller never starts a slot that is still busy.
 */
export interface ConnectEngine {
  start(slot: number, address: string, port: number, timeoutMs: number): void;
  /** Aborts every connect in flight; their `onDone` never fires. */
  cancelAll(): void;
  /** Releases the engine's timer, spare handles and threads; call once no connect is in flight. */
  close(): void;
}

/**
 * `auto`: native handles on worker threads when `threads` > 1, else native handles in this thread, else
 * net.Socket. `native` and `threads` force those (falling back to net.Socket where the binding is missing),
 * `socket` forces the portable net.Socket engine.
 */
export type ConnectEngineKind = 'auto' | 'socket' | 'native' | 'threads';

export interface ConnectEngineOptions {
  slots: number;
  onDone: (slot: number, outcome: ConnectOutcome) => void;
  kind?: ConnectEngineKind;
  /** Worker threads for `auto` and `threads`. Default 1 (no workers for `auto`). */
  threads?: number;
}

/**
 * The fastest engine this Node offers: libuv TCP handles straight from Node's `tcp_wrap` binding when it is
 * available (about 4× the connects per second of net.Socket, which builds a whole stream per probe), spread over
 * worker threads when the caller asks for more than one, else net.Socket. All report the same outcomes; the
 * engine test runs against each.
 */
export function createConnectEngine(options: ConnectEngineOptions): ConnectEngine {
  const kind = options.kind ?? 'auto';
  if (kind === 'socket') return createSocketConnectEngine(options);
  const threads = options.threads ?? 1;
  if ((kind === 'threads' || (kind === 'auto' && threads > 1)) && threadedEngineAvailable()) {
    return createThreadedConnectEngine({ ...options, threads });
  }
  return createNativeConnectEngine(options) ?? createSocketConnectEngine(options);
}
