import { type ChildProcess, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/**
 * A TCP port on loopback that drops SYNs, the way a firewalled port does on a real network. Loopback never drops
 * by itself (the kernel answers RST for every closed port), so a child process listens with a backlog of 1 and then
 * blocks its event loop: it never accepts, its accept queue fills, and Linux drops further SYNs
 * (net/ipv4/tcp_input.c, tcp_conn_request: `sk_acceptq_is_full` → drop). `fill()` queues the connections that make
 * it full; after that every connect attempt times out until `close()`.
 */
export interface SilentListener {
  address: string;
  port: number;
  close(): Promise<void>;
}

const CHILD_SOURCE = `
const net = require('node:net');
const server = net.createServer();
server.listen({ host: process.argv[1], port: 0, backlog: 1 }, () => {
  process.stdout.write(String(server.address().port) + '\\n', () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
});
`;

function tryConnect(address: string, port: number, waitMs: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

export async function startSilentListener(address: string): Promise<SilentListener> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD_SOURCE, address], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  // Fill the accept queue: connections complete until it is full, then the first one that hangs proves it.
  const fillers: Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const socket = await tryConnect(address, port, 250);
    if (!socket) break;
    socket.on('error', () => undefined);
    fillers.push(socket);
  }
  return {
    address,
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    },
  };
}
