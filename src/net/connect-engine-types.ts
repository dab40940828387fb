import type { ConnectOutcome } from './connect-outcome.ts';

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
