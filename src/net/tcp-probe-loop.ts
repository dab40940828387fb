import type { Clock } from '../util/clock.ts';
import { type ConnectEngine, createConnectEngine } from './connect-engine.ts';
import type { ConnectOutcome } from './connect-outcome.ts';
import type { TokenBucket } from './token-bucket.ts';

const MAX_RESOURCE_RETRIES = 5;
/** The window never narrows below this many connects (or the slot count, if smaller) after resource errors. */
const MIN_CONCURRENCY = 16;
/** Progress is reported after every this many probes (and after every finished host). */
const PROGRESS_EVERY_PROBES = 1024;

/** What one host showed so far, as a worker thread reports it (tcp-probe-worker-protocol.ts). */
export interface HostCounts {
  /** The host's position in the order hosts were taken. */
  id: number;
  open: number[];
  refused: number;
  timedOut: number;
  unreachable: number;
}

/** One host being probed: its limits, and what its probes showed. */
export class ProbeHost {
  readonly id: number;
  readonly address: string;
  readonly bucket: TokenBucket | undefined;
  readonly timeoutMs: number;
  /** Real port → port to connect to, for the ports a lab moved (worker threads); undefined when none moved. */
  readonly portMap: ReadonlyMap<number, number> | undefined;
  readonly open: number[] = [];
  refused = 0;
  timedOut = 0;
  unreachable = 0;
  issued = 0;
  pending = 0;
  done = false;

  constructor(
    spec: { id: number; address: string; timeoutMs: number; portMap?: ReadonlyMap<number, number> },
    bucket: TokenBucket | undefined,
  ) {
    this.id = spec.id;
    this.address = spec.address;
    this.timeoutMs = spec.timeoutMs;
    this.portMap = spec.portMap;
    this.bucket = bucket;
  }

  counts(): HostCounts {
    const { id, open, refused, timedOut, unreachable } = this;
    return { id, open, refused, timedOut, unreachable };
  }
}

/**
 * Where the loop gets its hosts: in this thread from the target iterator, in a worker thread from the messages
 * of the main thread.
 */
export interface HostFeed {
  /**
   * The next group of hosts to probe together: `'wait'` when more hosts will come later (the feed then calls
   * `resume()`), `undefined` when there are no more.
   */
  nextGroup(): ProbeHost[] | 'wait' | undefined;
  /** The current group's remaining probes fit in the window: a feed that fetches hosts asynchronously asks now. */
  runningLow?(): void;
}

export interface TcpProbeLoopOptions {
  ports: readonly number[];
  /** Connects in flight at once, at most. */
  concurrency: number;
  feed: HostFeed;
  /** `socket` forces the portable net.Socket engine. */
  engine: 'auto' | 'socket';
  /** For rate-limit waits. */
  clock: Clock;
  /** Ends rate-limit waits early. */
  signal?: AbortSignal | undefined;
  /** The port to connect to for a host's real port; called as each probe starts. */
  connectPort: (host: ProbeHost, port: number) => number;
  onHostDone: (host: ProbeHost) => void;
  /** After every PROGRESS_EVERY_PROBES probes. */
  onProgress: () => void;
  /** Every host the feed gave is done (not called on cancel). */
  onFinished: () => void;
}

/**
 * TCP connect probes of hosts × ports with one bound on connects in flight. Hosts come in groups and the ports are
 * interleaved across the hosts of a group, so no single host takes the whole window and hosts finish group by
 * group. A probe lives in a numbered slot (host, port, attempt in flat arrays), so the only per-probe allocations
 * are the engine's handle and request. The same loop runs in this thread (tcp-probe.ts) and in each worker thread
 * (tcp-probe-worker.ts); only the feed and the reporting differ.
 */
export class TcpProbeLoop {
  readonly #options: TcpProbeLoopOptions;
  readonly #ports: readonly number[];
  readonly #engine: ConnectEngine;
  readonly #slotCount: number;
  readonly #slotHost: Array<ProbeHost | undefined>;
  readonly #slotPort: Int32Array;
  readonly #slotAttempt: Uint8Array;
  readonly #freeSlots: number[];
  #limit: number;
  #group: ProbeHost[] = [];
  #portIndex = 0;
  #hostIndex = 0;
  #inFlight = 0;
  #exhausted = false;
  #stopped = false;
  #probesDone = 0;
  #hostsDone = 0;
  #openFound = 0;

  constructor(options: TcpProbeLoopOptions) {
    this.#options = options;
    this.#ports = options.ports;
    this.#slotCount = Math.max(1, Math.floor(options.concurrency));
    this.#limit = this.#slotCount;
    this.#slotHost = new Array(this.#slotCount);
    this.#slotPort = new Int32Array(this.#slotCount);
    this.#slotAttempt = new Uint8Array(this.#slotCount);
    this.#freeSlots = Array.from({ length: this.#slotCount }, (_, i) => this.#slotCount - 1 - i);
    this.#engine = createConnectEngine({
      slots: this.#slotCount,
      onDone: (slot, outcome) => this.#done(slot, outcome),
      kind: options.engine,
    });
  }

  /** Probes finished (each port of each host once, whatever its outcome). */
  get probesDone(): number {
    return this.#probesDone;
  }

  get hostsDone(): number {
    return this.#hostsDone;
  }

  get openFound(): number {
    return this.#openFound;
  }

  /** Starts probes until the window is full; call again when the feed has new hosts. */
  resume(): void {
    while (!this.#stopped && this.#inFlight < this.#limit) {
      const host = this.#nextHost();
      if (!host) break;
      const slot = this.#freeSlots.pop() as number;
      this.#slotHost[slot] = host;
      this.#slotPort[slot] = this.#ports[this.#portIndex] as number;
      this.#slotAttempt[slot] = 0;
      if (++this.#hostIndex === this.#group.length) {
        this.#hostIndex = 0;
        this.#portIndex++;
      }
      host.issued++;
      host.pending++;
      this.#inFlight++;
      this.#start(slot);
    }
    if (!this.#stopped && this.#inFlight === 0 && this.#exhausted) {
      this.#stop();
      this.#options.onFinished();
    }
  }

  /** Aborts every connect in flight; no callback fires afterwards. */
  cancel(): void {
    if (this.#stopped) return;
    this.#engine.cancelAll();
    this.#stop();
  }

  /** The host of the next probe, taking the next group of hosts once this one is fully issued. */
  #nextHost(): ProbeHost | undefined {
    while (this.#portIndex >= this.#ports.length || this.#group.length === 0) {
      if (this.#exhausted) return undefined;
      const group = this.#options.feed.nextGroup();
      if (group === 'wait') return undefined;
      if (group === undefined || group.length === 0) {
        this.#exhausted = true;
        return undefined;
      }
      this.#group = group;
      this.#portIndex = 0;
      this.#hostIndex = 0;
      // With no ports to probe, a host is done the moment it is taken.
      if (this.#ports.length === 0) for (const host of group) this.#hostDone(host);
    }
    // The last probes of this group are going out: a feed that must ask for hosts asks now, not when idle.
    if ((this.#ports.length - this.#portIndex) * this.#group.length - this.#hostIndex <= this.#limit) {
      this.#options.feed.runningLow?.();
    }
    return this.#group[this.#hostIndex];
  }

  #start(slot: number): void {
    const host = this.#slotHost[slot] as ProbeHost;
    const waitMs = host.bucket?.take() ?? 0;
    if (waitMs > 0) {
      this.#options.clock.sleep(waitMs, this.#options.signal).then(
        () => (this.#stopped ? undefined : this.#start(slot)),
        () => undefined,
      );
      return;
    }
    const port = this.#options.connectPort(host, this.#slotPort[slot] as number);
    this.#engine.start(slot, host.address, port, host.timeoutMs);
  }

  #done(slot: number, outcome: ConnectOutcome): void {
    if (this.#stopped) return;
    const host = this.#slotHost[slot] as ProbeHost;
    const attempt = this.#slotAttempt[slot] as number;
    if (outcome === 'resource' && attempt < MAX_RESOURCE_RETRIES) {
      // Out of sockets or local ports: back off and narrow the window rather than report a false "closed".
      this.#limit = Math.max(Math.min(MIN_CONCURRENCY, this.#slotCount), Math.floor(this.#limit * 0.9));
      this.#slotAttempt[slot] = attempt + 1;
      setTimeout(() => (this.#stopped ? undefined : this.#start(slot)), 20 * (attempt + 1));
      return;
    }
    if (outcome === 'open') {
      host.open.push(this.#slotPort[slot] as number);
      this.#openFound++;
    } else if (outcome === 'refused') host.refused++;
    else if (outcome === 'timeout') host.timedOut++;
    else host.unreachable++;
    this.#slotHost[slot] = undefined;
    this.#freeSlots.push(slot);
    host.pending--;
    this.#inFlight--;
    this.#probesDone++;
    if (host.pending === 0 && host.issued === this.#ports.length) this.#hostDone(host);
    else if (this.#probesDone % PROGRESS_EVERY_PROBES === 0) this.#options.onProgress();
    this.resume();
  }

  #hostDone(host: ProbeHost): void {
    host.done = true;
    this.#hostsDone++;
    this.#options.onHostDone(host);
  }

  #stop(): void {
    this.#stopped = true;
    this.#engine.close();
  }
}
