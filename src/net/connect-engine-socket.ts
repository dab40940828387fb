import { connect, type Socket } from 'node:net';
import type { ConnectEngine, ConnectEngineOptions } from './connect-engine-types.ts';
import { outcomeOfCode } from './connect-outcome.ts';

/** The portable engine: one net.Socket per connect, reset (RST, no TIME_WAIT) as soon as it connects. */
export function createSocketConnectEngine(options: ConnectEngineOptions): ConnectEngine {
  const sockets: Array<Socket | undefined> = new Array(options.slots);
  const finish = (slot: number, socket: Socket): boolean => {
    if (sockets[slot] !== socket) return false;
    sockets[slot] = undefined;
    return true;
  };
  return {
    start(slot, address, port, timeoutMs) {
      let socket: Socket;
      try {
        socket = connect({ host: address, port, timeout: timeoutMs });
      } catch {
        // net.connect throws at once for a port outside 0-65535; report it as the native engine does (an EINVAL from
        // connect(2)), on the next tick so a caller starting its next probe from onDone cannot recurse without end.
        process.nextTick(() => options.onDone(slot, 'unreachable'));
        return;
      }
      sockets[slot] = socket;
      socket.on('connect', () => {
        socket.resetAndDestroy();
        if (finish(slot, socket)) options.onDone(slot, 'open');
      });
      socket.on('timeout', () => {
        socket.destroy();
        if (finish(slot, socket)) options.onDone(slot, 'timeout');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        socket.destroy();
        if (finish(slot, socket)) options.onDone(slot, outcomeOfCode(error.code ?? ''));
      });
    },
    cancelAll() {
      for (let slot = 0; slot < sockets.length; slot++) {
        sockets[slot]?.destroy();
        sockets[slot] = undefined;
      }
    },
    close() {},
  };
}
