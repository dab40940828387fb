/**
 * The NetFlow/IPFIX collector: a UDP socket whose datagrams are read first (into a bounded queue) and decoded when
 * no new one arrives, the flows folded into conversations and handed to a sink in batches (once a second, or sooner
 * when many are waiting), so the store sees one transaction per batch rather than one per flow. Aggregating is a
 * decision: the profile learner needs counts per peer, port and hour, not each flow (src/sources/flows/conversation.ts).
 * It listens where it is told and nowhere else; loopback is the default.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { type Conversation, ConversationAggregator } from './conversation.ts';
import { DatagramQueue, type QueuedDatagram } from './datagram-queue.ts';
import { decodeFlowPacket } from './decode-packet.ts';
import { TemplateCache } from './template-cache.ts';

export interface CollectorStats {
  /** Datagrams read from the socket. */
  packets: number;
  /** Datagrams read but dropped undecoded, because decoding was MAX_QUEUED_BYTES behind. */
  dropped: number;
  /** Datagrams refused whole, per error code. */
  refused: Record<string, number>;
  /** Problems inside accepted datagrams (unknown templates, refused templates, limits), per code. */
  problems: Record<string, number>;
  flows: number;
  exporters: number;
  batches: number;
  /** The newest refusal or problem, for the source's last error. */
  lastError: { code: string; message: string } | undefined;
}

export interface CollectorOptions {
  address: string;
  port: number;
  /** Receives each batch; a thrown error stops the collector (the store failed). */
  onBatch: (conversations: Conversation[], stats: CollectorStats) => void;
  flushIntervalMs?: number;
  /** Flush early when this many conversations wait. */
  maxPending?: number;
  /** Read-but-undecoded datagrams held at most, in bytes (default MAX_QUEUED_BYTES). */
  maxQueuedBytes?: number;
  templates?: TemplateCache;
  now?: () => number;
}

/** A bigger kernel buffer than the default 208 KiB, so a burst from a router does not drop datagrams. */
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;
/**
 * On stop, datagrams the kernel already accepted are still read: the collector closes once the socket has been quiet
 * this long (or STOP_DRAIN_MAX_MS has passed, for an exporter that never pauses). Closing at once threw away a full
 * receive buffer after a burst (bench:flows: thousands of datagrams).
 */
const STOP_QUIET_MS = 50;
const STOP_DRAIN_MAX_MS = 2000;
/**
 * Read-but-undecoded datagrams held at most (by size): about 20 000 datagrams of 24 IPv4 flows, several seconds of a
 * busy router, in memory the RSS goal allows (issue 14: < 200 MB).
 */
const MAX_QUEUED_BYTES = 32 * 1024 * 1024;
/**
 * Datagrams decoded per turn of the event loop, once a turn brought no new datagram. While datagrams keep arriving
 * none is decoded (unless the queue is half full): reading the socket comes first, so a burst lands in the queue
 * rather than overflowing the kernel's buffer, and is decoded in the gaps.
 */
const DECODE_SLICE = 16;

export class FlowCollector {
  readonly stats: CollectorStats = {
    packets: 0,
    dropped: 0,
    refused: {},
    problems: {},
    flows: 0,
    exporters: 0,
    batches: 0,
    lastError: undefined,
  };
  readonly #socket: Socket;
  readonly #options: CollectorOptions;
  readonly #aggregator = new ConversationAggregator();
  readonly #templates: TemplateCache;
  readonly #exporters = new Set<string>();
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  /** performance.now() of the last datagram, for the drain on stop. */
  #lastDatagramAt = Number.NEGATIVE_INFINITY;
  readonly #queue: DatagramQueue;
  #decodeScheduled = false;
  /** Datagrams read since the last decode turn. */
  #arrivedSinceDecode = 0;
  #failure: unknown;
  #failed: (error: unknown) => void = () => undefined;

  private constructor(socket: Socket, options: CollectorOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#templates = options.templates ?? new TemplateCache();
    this.#queue = new DatagramQueue(options.maxQueuedBytes ?? MAX_QUEUED_BYTES);
    this.#now = options.now ?? Date.now;
  }

  /** Binds the socket; rejects with the OS error (EADDRINUSE, EACCES) when it cannot. */
  static async start(options: CollectorOptions): Promise<FlowCollector> {
    // A router (or a replay) sends bursts: a 4 MiB receive buffer holds ~3000 datagrams while a batch is stored
    // (the kernel caps it at net.core.rmem_max).
    const socket = createSocket({
      type: isIPv6(options.address) ? 'udp6' : 'udp4',
      reuseAddr: false,
      recvBufferSize: 4 * 1024 * 1024,
    });
    const collector = new FlowCollector(socket, options);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port, options.address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    try {
      socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
    } catch {
      // Capped by net.core.rmem_max; the default buffer still works, it just drops more under a burst.
    }
    socket.on('message', (message, remote) => collector.#enqueue(message, `${remote.address}:${remote.port}`));
    socket.on('error', (error) => collector.#fail(error));
    collector.#timer = setInterval(() => collector.flush(), options.flushIntervalMs ?? 1000);
    collector.#timer.unref();
    return collector;
  }

  /** Where it listens (the port the OS chose when 0 was asked). */
  get address(): { address: string; port: number } {
    const bound = this.#socket.address();
    return { address: bound.address, port: bound.port };
  }

  /** Resolves when the collector fails (the sink threw, the socket broke); never resolves otherwise. */
  failure(): Promise<never> {
    return new Promise<never>((_, reject) => {
      if (this.#failure !== undefined) reject(this.#failure);
      else this.#failed = reject;
    });
  }

  /** Hands everything merged so far to the sink. */
  flush(): void {
    if (this.#aggregator.size === 0 || this.#failure !== undefined) return;
    const batch = this.#aggregator.drain();
    this.stats.batches += 1;
    try {
      this.#options.onBatch(batch, this.stats);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Reads what the kernel still holds, flushes and closes the socket. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#drain();
    this.#decodeQueued(Number.POSITIVE_INFINITY);
    this.flush();
    await new Promise<void>((resolve) => {
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
  }

  /**
   * Waits until no datagram has arrived for STOP_QUIET_MS (at most STOP_DRAIN_MAX_MS), counted from the stop at the
   * earliest: datagrams already in the kernel's buffer but not yet read show up only once the event loop polls.
   */
  async #drain(): Promise<void> {
    const stoppedAt = performance.now();
    const deadline = stoppedAt + STOP_DRAIN_MAX_MS;
    for (;;) {
      const now = performance.now();
      const quietMs = now - Math.max(this.#lastDatagramAt, stoppedAt);
      if (quietMs >= STOP_QUIET_MS || now >= deadline || this.#failure !== undefined) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(STOP_QUIET_MS - quietMs, deadline - now)));
    }
  }

  #enqueue(message: Buffer, exporter: string): void {
    this.#lastDatagramAt = performance.now();
    this.stats.packets += 1;
    this.#arrivedSinceDecode += 1;
    if (!this.#queue.push({ message, exporter, receivedMs: this.#now() })) {
      this.stats.dropped += 1;
      return;
    }
    this.#scheduleDecode();
  }

  #scheduleDecode(): void {
    if (this.#decodeScheduled || this.#queue.length === 0 || this.#failure !== undefined) return;
    this.#decodeScheduled = true;
    setImmediate(() => {
      this.#decodeScheduled = false;
      const arriving = this.#arrivedSinceDecode;
      this.#arrivedSinceDecode = 0;
      const behind = this.#queue.bytes * 2 >= this.#queue.maxBytes;
      this.#decodeQueued(arriving > 0 && !behind ? 0 : DECODE_SLICE);
      this.#scheduleDecode();
    });
  }

  #decodeQueued(limit: number): void {
    for (let n = 0; n < limit && this.#failure === undefined; n++) {
      const datagram = this.#queue.shift();
      if (!datagram) return;
      this.#receive(datagram);
    }
  }

  #receive({ message, exporter, receivedMs }: QueuedDatagram): void {
    if (!this.#exporters.has(exporter) && this.#exporters.size < this.#templates.limits.maxScopes) {
      this.#exporters.add(exporter);
      this.stats.exporters = this.#exporters.size;
    }
    const outcome = decodeFlowPacket(message, { exporter, templates: this.#templates, receivedMs });
    if (!outcome.ok) {
      const { code, message: text } = outcome.error;
      this.stats.refused[code] = (this.stats.refused[code] ?? 0) + 1;
      this.stats.lastError = { code, message: text };
      return;
    }
    for (const problem of outcome.problems) {
      this.stats.problems[problem.code] = (this.stats.problems[problem.code] ?? 0) + 1;
      this.stats.lastError = problem;
    }
    for (const record of outcome.records) this.#aggregator.addRecord(record);
    this.stats.flows += outcome.records.length;
    if (this.#aggregator.size >= (this.#options.maxPending ?? 50_000)) this.flush();
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#failed(error);
  }
}
