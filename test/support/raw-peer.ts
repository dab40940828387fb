import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP peer on a loopback test address that does whatever `behave` does with each connection: answer, dribble,
 * reset, stay silent. It counts connections, so a test can prove that no connection was opened at all.
 */
export interface RawPeer {
  address: string;
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startRawPeer(address: string, behave: (socket: Socket) => void): Promise<RawPeer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    behave(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: address, port: 0 }, resolve));
  return {
    address,
    port: (server.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes `chunk` every `everyMs` until the socket closes: a slowloris peer. */
export function dribble(socket: Socket, chunk: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed) clearInterval(timer);
    else socket.write(chunk);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

/**
 * Errors that escaped to the process (an 'error' event without a listener, a rejection nobody awaited) while
 * `run` ran and for `settleMs` after it: what would crash a scan. Vitest reports them too; this lets a test say
 * which one.
 */
export async function escapedErrors(run: () => Promise<unknown>, settleMs = 50): Promise<unknown[]> {
  const escaped: unknown[] = [];
  const onError = (error: unknown): void => {
    escaped.push(error);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  try {
    await run().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  }
  return escaped;
}
