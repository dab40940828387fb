import { createNativeConnectEngine } from './connect-engine-native.ts';
import { createSocketConnectEngine } from './connect-engine-socket.ts';

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
  /** Releases the engine's timer and spare handles; call once no connect is in flight. */
  close(): void;
}

export interface ConnectEngineOptions {
  slots: number;
  onDone: (slot: number, outcome: ConnectOutcome) => void;
  /** `socket` forces the portable net.Socket engine. */
  kind?: 'auto' | 'socket';
}

/**
 * The fastest engine this Node offers: libuv TCP handles straight from Node's `tcp_wrap` binding when it is
 * available (about 4× the connects per second of net.Socket, which builds a whole stream per probe), else
 * net.Socket. Both report the same outcomes; the engine test runs against both.
 */
export function createConnectEngine(options: ConnectEngineOptions): ConnectEngine {
  return (options.kind !== 'socket' && createNativeConnectEngine(options)) || createSocketConnectEngine(options);
}
