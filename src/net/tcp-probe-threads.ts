import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { systemClock } from '../util/clock.ts';
import { tcpWrapAvailable } from './connect-engine-native.ts';
import type { HostCounts } from './tcp-probe-loop.ts';
import { hostBurst, hostRatePerSecond, hostResult, hostTimeoutMs } from './tcp-probe-policy.ts';
import type { HostTcpResult, TcpProbeOptions, TcpProbeResult } from './tcp-probe-types.ts';
import type { FromProbeWorker, ProbeHostSpec, ToProbeWorker } from './tcp-probe-worker-protocol.ts';
import { type ProbeWorkerStarter, probeWorkerStarter } from './tcp-probe-worker-start.ts';

/** A host taken from the targets, and where it is. */
interface Entry {
  address: string;
  result?: HostTcpResult;
  /** The worker holding the host, until its result is in. */
  worker?: number | undefined;
}

/** Runs the in-thread prober, for hosts a lost worker left behind. */
export type InThreadProber = (options: TcpProbeOptions) => Promise<TcpProbeResult>;

/** A worker answers a cancel within a loop turn; one that cannot must not hold the caller longer than this. */
const CANCEL_GRACE_MS = 1000;

/**
 * Worker threads need Node's `tcp_wrap` binding (docs/decisions/tcp-wrap-binding.md), the worker's code
 * (tcp-probe-worker-start.ts), real time (token buckets and deadlines run in the workers, so a FakeClock keeps
 * probing in this thread) and Linux, the only system they were measured on.
 */
export function threadedProbingAvailable(options: Pick<TcpProbeOptions, 'clock'>): boolean {
  return (
    process.platform === 'linux' &&
    (options.clock === undefined || options.clock === systemClock) &&
    tcpWrapAvailable() &&
    probeWorkerStarter() !== undefined
  );
}

/**
 * probeTcp over worker threads. A worker asks for hosts when its current group is almost issued and gets the next
 * `hostGroupSize / threads` hosts (so at most `hostGroupSize` hosts are probed at once in all, as in one thread),
 * and `concurrency / threads` connect slots. Each worker runs the probing loop of tcp-probe-loop.ts for its hosts
 * (tcp-probe-worker.ts), so a loopback probe costs no message at all, and a busy main thread (inspecting the hosts
 * already found) does not hold the probing back. Results keep the order hosts were taken in. Cancelling asks every
 * worker for what it has, then resolves. A worker that dies has its unfinished hosts probed again in this thread,
 * so every host is reported once (`probes` then also counts the probes done twice).
 */
export function probeTcpOnThreads(
  options: TcpProbeOptions,
  threads: number,
  inThread: InThreadProber,
  /** Starts a worker; tests pass a broken one to see the hosts probed in this thread instead. */
  start: ProbeWorkerStarter | undefined = probeWorkerStarter(),
): Promise<TcpProbeResult> {
  if (options.signal?.aborted) return Promise.resolve({ hosts: [], probes: 0, cancelled: true, elapsedMs: 0 });
  if (!start) return inThread(options);
  return new ThreadedProbe(options, threads, inThread, start).run();
}

/** One threaded probe run: hands hosts to the workers, gathers their results, and covers for lost workers. */
class ThreadedProbe {
  readonly #options: TcpProbeOptions;
  readonly #inThread: InThreadProber;
  readonly #hosts: Iterator<string>;
  readonly #unitSize: number;
  readonly #workers: Array<Worker | undefined>;
  readonly #entries: Entry[] = [];
  readonly #fallbacks: Array<Promise<void>> = [];
  readonly #live = new Set<number>();
  readonly #started = performance.now();
  #exhausted = false;
  #probesDone = 0;
  #hostsDone = 0;
  #openFound = 0;
  #settled = false;
  #cancelTimer: NodeJS.Timeout | undefined;
  #resolve: (result: TcpProbeResult) => void = () => undefined;
  readonly #onAbort = (): void => this.#cancel();

  constructor(options: TcpProbeOptions, threads: number, inThread: InThreadProber, start: ProbeWorkerStarter) {
    this.#options = options;
    this.#inThread = inThread;
    this.#hosts = options.hosts[Symbol.iterator]();
    // Never more hosts at once than one thread would probe: a group smaller than the thread count uses fewer threads.
    const groupSize = Math.max(1, options.hostGroupSize ?? 64);
    const threadCount = Math.max(1, Math.min(threads, groupSize));
    this.#unitSize = Math.floor(groupSize / threadCount);
    const data = {
      ports: [...options.ports],
      concurrency: Math.max(1, Math.floor((options.concurrency ?? 512) / threadCount)),
    };
    this.#workers = Array.from({ length: threadCount }, (_, index) => this.#spawn(index, () => start(data)));
  }

  run(): Promise<TcpProbeResult> {
    return new Promise<TcpProbeResult>((resolve) => {
      this.#resolve = resolve;
      this.#options.signal?.addEventListener('abort', this.#onAbort, { once: true });
      // No worker could start: every host is probed in this thread.
      if (this.#live.size === 0) this.#onLost(undefined);
    });
  }

  /** Starts worker `index`; a worker that cannot start is left out (undefined). */
  #spawn(index: number, start: () => Worker): Worker | undefined {
    let worker: Worker;
    try {
      worker = start();
    } catch {
      return undefined;
    }
    this.#live.add(index);
    worker.on('message', (message: FromProbeWorker) => this.#onMessage(index, message));
    worker.on('error', () => this.#onLost(index));
    worker.on('exit', () => this.#onLost(index));
    return worker;
  }

  #post(index: number, message: ToProbeWorker): void {
    this.#workers[index]?.postMessage(message);
  }

  #onMessage(index: number, message: FromProbeWorker): void {
    if (this.#settled) return;
    if (message.type === 'more') {
      const unit = this.#nextUnit(index);
      this.#post(index, unit.length > 0 ? { type: 'hosts', hosts: unit } : { type: 'end' });
      return;
    }
    this.#probesDone += message.probes;
    for (const counts of message.hosts) this.#record(counts, true);
    if (message.type === 'cancelled') for (const counts of message.partial) this.#record(counts, false);
    this.#progress();
    if (message.type !== 'report') {
      this.#live.delete(index);
      this.#finishIfIdle();
    }
  }

  /** The next `unitSize` hosts, handed to `worker`. */
  #nextUnit(worker: number): ProbeHostSpec[] {
    const unit: ProbeHostSpec[] = [];
    while (unit.length < this.#unitSize) {
      const address = this.#take(worker);
      if (address === undefined) break;
      const rate = hostRatePerSecond(this.#options, address);
      unit.push({
        id: this.#entries.length - 1,
        address,
        timeoutMs: hostTimeoutMs(this.#options, address),
        rate: Number.isFinite(rate) ? rate : 0,
        burst: hostBurst(this.#options),
        map: this.#portOverrides(address),
      });
    }
    return unit;
  }

  /** The next target address, entered in the results as held by `worker`; undefined when the targets are done. */
  #take(worker: number | undefined): string | undefined {
    if (this.#exhausted) return undefined;
    const next = this.#hosts.next();
    if (next.done) {
      this.#exhausted = true;
      return undefined;
    }
    this.#entries.push({ address: next.value, worker });
    return next.value;
  }

  /** `[realPort, connectPort, …]` for the ports a lab moved on `address`, or null when none moved. */
  #portOverrides(address: string): number[] | null {
    const connectPort = this.#options.connectPort;
    if (!connectPort) return null;
    let overrides: number[] | null = null;
    for (const port of this.#options.ports) {
      const mapped = connectPort(address, port, 'tcp');
      if (mapped === port) continue;
      overrides ??= [];
      overrides.push(port, mapped);
    }
    return overrides;
  }

  #record(counts: HostCounts, complete: boolean): void {
    const entry = this.#entries[counts.id];
    if (!entry || entry.result?.complete) return;
    entry.result = hostResult(entry.address, counts, complete);
    entry.worker = undefined;
    if (!complete) return;
    this.#hostsDone++;
    this.#openFound += counts.open.length;
    this.#options.onHostDone?.(entry.result);
  }

  #progress(): void {
    this.#options.onProgress?.({
      probesDone: this.#probesDone,
      hostsDone: this.#hostsDone,
      openFound: this.#openFound,
    });
  }

  /** A worker died or exited before its last report (undefined: none could start). */
  #onLost(index: number | undefined): void {
    if (this.#settled || (index !== undefined && !this.#live.delete(index))) return;
    this.#fallbacks.push(this.#probeHere(index));
    this.#finishIfIdle();
  }

  /**
   * Probes in this thread the hosts the lost worker held (all of them when no worker could start) and, if no
   * worker is left, the hosts not handed out yet, recording each result under its entry.
   */
  async #probeHere(lost: number | undefined): Promise<void> {
    const orphans = this.#entries.flatMap((entry, id) =>
      entry.worker === lost && !entry.result?.complete ? [id] : [],
    );
    const ids = [...orphans];
    const { onHostDone: _onHostDone, onProgress: _onProgress, ...rest } = this.#options;
    const hosts = this.#addressesHere(orphans, ids, this.#live.size === 0);
    const result = await this.#inThread({ ...rest, threads: 1, engine: 'auto', hosts });
    result.hosts.forEach((host, i) => {
      const id = ids[i];
      if (id === undefined) return;
      this.#probesDone += host.openPorts.length + host.refused + host.timedOut + host.unreachable;
      const { refused, timedOut, unreachable } = host;
      this.#record({ id, open: host.openPorts, refused, timedOut, unreachable }, host.complete);
    });
    this.#progress();
  }

  /** The orphans' addresses, then (with `drainRest`) the targets not handed out yet, whose ids join `ids`. */
  *#addressesHere(orphans: readonly number[], ids: number[], drainRest: boolean): Generator<string> {
    for (const id of orphans) yield (this.#entries[id] as Entry).address;
    while (drainRest) {
      const address = this.#take(undefined);
      if (address === undefined) return;
      ids.push(this.#entries.length - 1);
      yield address;
    }
  }

  #cancel(): void {
    if (this.#settled) return;
    for (const index of this.#live) this.#post(index, { type: 'cancel' });
    this.#cancelTimer = setTimeout(() => this.#settle(true), CANCEL_GRACE_MS);
    this.#finishIfIdle();
  }

  #finishIfIdle(): void {
    if (this.#live.size > 0 || this.#settled) return;
    void Promise.all(this.#fallbacks).then(() => {
      if (this.#live.size === 0) this.#settle(this.#options.signal?.aborted === true);
    });
  }

  #settle(cancelled: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#cancelTimer);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.#live.clear();
    // Finished workers wait for messages; terminating them all lets the process exit.
    for (const worker of this.#workers) void worker?.terminate();
    this.#resolve({
      hosts: this.#entries.map((entry) => entry.result ?? hostResult(entry.address, undefined, false)),
      probes: this.#probesDone,
      cancelled,
      elapsedMs: performance.now() - this.#started,
    });
  }
}
