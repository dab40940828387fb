import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export interface UdpSweepOptions {
  /** Addresses to send to, consumed lazily. Answers from any other address are dropped. */
  hosts: Iterable<string>;
  /** Destination port per address (lets a lab map ports). */
  port: (address: string) => number;
  payload: Buffer | ((address: string) => Buffer);
  /** How long to keep listening after the last datagram went out. */
  timeoutMs: number;
  /** Larger datagrams are dropped. */
  maxBytes: number;
  /** Answers kept per host (SSDP sends one per search target). Default 16. */
  maxAnswersPerHost?: number;
  /** Datagrams sent before yielding to the event loop, so answers are read while sending. Default 64. */
  batchSize?: number;
  signal?: AbortSignal;
}

/** `::ffff:a.b.c.d` (an IPv4 answer on a dual-stack socket) → `a.b.c.d`. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Loop turns the sweep keeps reading after its deadline (see udpSweep). */
const DRAIN_TURNS = 3;

/**
 * Sends one datagram to each host from a single socket per address family and collects the answers by source
 * address. UDP has no "closed" answer that reaches an unconnected socket, so the sweep always waits `timeoutMs`
 * after the last send (or until the signal aborts). Cancelling keeps the answers already in. A family whose socket
 * cannot bind (no IPv6 here) is skipped: its hosts count as silent.
 */
export async function udpSweep(options: UdpSweepOptions): Promise<Map<string, Buffer[]>> {
  const answers = new Map<string, Buffer[]>();
  const sentTo = new Set<string>();
  const maxAnswers = options.maxAnswersPerHost ?? 16;
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const sockets = new SweepSockets((data, from) => {
    const address = plainAddress(from.address);
    if (!sentTo.has(address) || data.length > options.maxBytes) return;
    const list = answers.get(address) ?? [];
    if (list.length < maxAnswers) list.push(data);
    answers.set(address, list);
  });
  try {
    let inBatch = 0;
    for (const address of options.hosts) {
      if (options.signal?.aborted) break;
      const socket = await sockets.for(address.includes(':') ? 'udp6' : 'udp4');
      if (!socket) continue;
      sentTo.add(address);
      const payload = typeof options.payload === 'function' ? options.payload(address) : options.payload;
      socket.send(payload, options.port(address), address, () => undefined);
      if (++inBatch >= batchSize) {
        inBatch = 0;
        await yieldToLoop();
      }
    }
    await waitFor(options.timeoutMs, options.signal);
    // A few more loop turns: datagrams that arrived while the timer fired are read before the sockets close. A
    // responder in this same process (the lab, the demo) that was held up as long reads the query in one turn and
    // its answer is read in the next, so one turn is not enough under load.
    for (let turn = 0; turn < DRAIN_TURNS; turn++) await yieldToLoop();
  } finally {
    sockets.close();
  }
  return answers;
}

/** One bound socket per address family, made on first use; undefined for a family that cannot bind. */
class SweepSockets {
  readonly #sockets = new Map<'udp4' | 'udp6', Promise<Socket | undefined>>();
  readonly #open: Socket[] = [];
  readonly #onMessage: (data: Buffer, from: RemoteInfo) => void;

  constructor(onMessage: (data: Buffer, from: RemoteInfo) => void) {
    this.#onMessage = onMessage;
  }

  for(family: 'udp4' | 'udp6'): Promise<Socket | undefined> {
    let socket = this.#sockets.get(family);
    if (!socket) {
      socket = this.#bind(family);
      this.#sockets.set(family, socket);
    }
    return socket;
  }

  close(): void {
    for (const socket of this.#open.splice(0)) {
      try {
        socket.close();
      } catch {
        // A socket whose bind failed may not be running (ERR_SOCKET_DGRAM_NOT_RUNNING): nothing to close.
      }
    }
  }

  #bind(family: 'udp4' | 'udp6'): Promise<Socket | undefined> {
    const socket = createSocket(family);
    this.#open.push(socket);
    socket.on('message', this.#onMessage);
    return new Promise((resolve) => {
      let bound = false;
      // Before bind: an error then means the family is unusable here. After: a send error (no route, a refused
      // ICMP on some stacks) concerns one host, and the sweep goes on.
      socket.on('error', () => (bound ? undefined : resolve(undefined)));
      socket.bind(0, () => {
        bound = true;
        resolve(socket);
      });
    });
  }
}

function waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
