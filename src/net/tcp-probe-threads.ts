import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { systemClock } from '../util/clock.ts';
import { tcpWrapAvailable } from './connect-engine-native.ts';
import { outcomeOfStatus } from './connect-outcome.ts';
import { hostBurst, hostRatePerSecond, hostTimeoutMs, tcpProvesAlive } from './tcp-probe-policy.ts';
import type { HostTcpResult, TcpProbeOptions, TcpProbeResult } from './tcp-probe-types.ts';
import { TCP_PROBE_WORKER_SOURCE } from './tcp-probe-worker-source.ts';

/** What a worker says about one host: `{id, open, refused, timedOut, unreachable}`. */
interface HostCounts {
  id: number;
  open: number[];
  refused: number;
  timedOut: number;
  unreachable: number;
}

type WorkerMessage =
  | { type: 'more' }
  | { type: 'report' | 'finished'; hosts: HostCounts[]; probes: number }
  | { type: 'cancelled'; hosts: HostCounts[]; partial: HostCounts[]; probes: number };

interface Entry {
  address: string;
  result?: HostTcpResult;
  /** The worker holding the host, until its result is in. */
  worker?: number | undefined;
}

/** Runs the in-thread prober, for hosts a lost worker left behind. */
export type InThreadProber = (options: TcpProbeOptions) => Promise<TcpProbeResult>;

/**
 * Worker threads need Node's `tcp_wrap` binding, real time (token buckets and deadlines run in the workers, so a
 * FakeClock keeps probing in this thread) and Linux, where libuv statuses are negative errno values, so the
 * outcome table built here from `os.constants.errno` means the same in the workers.
 */
export function threadedProbingAvailable(options: Pick<TcpProbeOptions, 'clock'>): boolean {
  return (
    process.platform === 'linux' && (options.clock === undefined || options.clock === systemClock) && tcpWrapAvailable()
  );
}

/** libuv status → outcome for every errno this system knows, so workers classify exactly as connect-outcome.ts. */
function outcomeTable(): Array<[number, string]> {
  return Object.values(constants.errno).map((code) => [-code, outcomeOfStatus(-code)]);
}

/**
 * probeTcp over worker threads. A worker asks for hosts when its current group is almost issued and gets the next
 * `hostGroupSize / threads` hosts (so at most `hostGroupSize` hosts are probed at once in all, as in one thread),
 * and `concurrency / threads` connect slots. Each worker runs the probing loop of tcp-probe.ts for its hosts
 * (tcp-probe-worker-source.ts), so a loopback probe costs no message at all, and a busy main thread (inspecting
 * the hosts already found) does not hold the probing back. Results keep the order hosts were taken in. Cancelling
 * asks every worker for what it has, then resolves. A worker that dies has its unfinished hosts probed again in
 * this thread, so every host is reported once (`probes` then also counts the probes done twice).
 */
export function probeTcpOnThreads(
  options: TcpProbeOptions,
  threads: number,
  inThread: InThreadProber,
  /** The workers' code; tests pass a broken one to see the hosts probed in this thread instead. */
  workerSource: string = TCP_PROBE_WORKER_SOURCE,
): Promise<TcpProbeResult> {
  const started = performance.now();
  if (options.signal?.aborted) return Promise.resolve({ hosts: [], probes: 0, cancelled: true, elapsedMs: 0 });
  // Never more hosts at once than one thread would probe: a group smaller than the thread count uses fewer threads.
  const groupSize = Math.max(1, options.hostGroupSize ?? 64);
  const threadCount = Math.max(1, Math.min(threads, groupSize));
  return new Promise<TcpProbeResult>((resolve) => {
    const ports = options.ports;
    const hosts = options.hosts[Symbol.iterator]();
    const mapPort = options.connectPort;
    const signal = options.signal;
    const unitSize = Math.floor(groupSize / threadCount);
    const slots = Math.max(1, Math.floor((options.concurrency ?? 512) / threadCount));
    const entries: Entry[] = [];
    const fallbacks: Array<Promise<void>> = [];
    const live = new Set<number>();
    let exhausted = false;
    let probesDone = 0;
    let hostsDone = 0;
    let openFound = 0;
    let settled = false;
    let cancelTimer: NodeJS.Timeout | undefined;

    const progress = (): void => options.onProgress?.({ probesDone, hostsDone, openFound });

    const settle = (cancelled: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(cancelTimer);
      signal?.removeEventListener('abort', cancel);
      live.clear();
      // Finished workers wait for messages; terminating them all lets the process exit.
      for (const worker of workers) void worker.terminate();
      resolve({
        hosts: entries.map((entry) => entry.result ?? snapshot(entry.address, undefined, false)),
        probes: probesDone,
        cancelled,
        elapsedMs: performance.now() - started,
      });
    };

    const finishIfIdle = (): void => {
      if (live.size > 0 || settled) return;
      void Promise.all(fallbacks).then(() => {
        if (live.size === 0) settle(signal?.aborted === true);
      });
    };

    const record = (counts: HostCounts, complete: boolean): void => {
      const entry = entries[counts.id];
      if (!entry || entry.result?.complete) return;
      entry.result = snapshot(entry.address, counts, complete);
      entry.worker = undefined;
      if (!complete) return;
      hostsDone++;
      openFound += counts.open.length;
      options.onHostDone?.(entry.result);
    };

    const nextUnit = (worker: number): unknown[] => {
      const unit: unknown[] = [];
      while (!exhausted && unit.length < unitSize) {
        const next = hosts.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const address = next.value;
        const id = entries.length;
        entries.push({ address, worker });
        const rate = hostRatePerSecond(options, address);
        unit.push({
          id,
          address,
          timeoutMs: hostTimeoutMs(options, address),
          rate: Number.isFinite(rate) ? rate : 0,
          burst: hostBurst(options),
          map: mapPort ? portOverrides(ports, (port) => mapPort(address, port, 'tcp')) : null,
        });
      }
      return unit;
    };

    const onMessage = (index: number, message: WorkerMessage): void => {
      if (settled) return;
      if (message.type === 'more') {
        const unit = nextUnit(index);
        workers[index]?.postMessage(unit.length > 0 ? { type: 'hosts', hosts: unit } : { type: 'end' });
        return;
      }
      probesDone += message.probes;
      for (const counts of message.hosts) record(counts, true);
      if (message.type === 'cancelled') for (const counts of message.partial) record(counts, false);
      progress();
      if (message.type !== 'report') {
        live.delete(index);
        finishIfIdle();
      }
    };

    const onLost = (index: number): void => {
      if (settled || !live.delete(index)) return;
      // Hosts the worker held are probed again here; if no worker is left, so are the hosts not handed out yet.
      const orphans = entries.flatMap((entry, id) => (entry.worker === index && !entry.result?.complete ? [id] : []));
      const drainRest = live.size === 0;
      const ids = [...orphans];
      const { onHostDone: _onHostDone, onProgress: _onProgress, ...rest } = options;
      const fallback = inThread({
        ...rest,
        threads: 1,
        engine: 'auto',
        hosts: (function* () {
          for (const id of orphans) yield (entries[id] as Entry).address;
          while (drainRest && !exhausted) {
            const next = hosts.next();
            if (next.done) {
              exhausted = true;
              break;
            }
            ids.push(entries.length);
            entries.push({ address: next.value });
            yield next.value;
          }
        })(),
      }).then((result) => {
        result.hosts.forEach((host, i) => {
          const id = ids[i];
          if (id === undefined) return;
          probesDone += host.openPorts.length + host.refused + host.timedOut + host.unreachable;
          const { refused, timedOut, unreachable } = host;
          record({ id, open: host.openPorts, refused, timedOut, unreachable }, host.complete);
        });
        progress();
      });
      fallbacks.push(fallback);
      finishIfIdle();
    };

    const outcomes = outcomeTable();
    const econnrefused = -constants.errno.ECONNREFUSED;
    const workers = Array.from({ length: threadCount }, (_, index) => {
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: {
          ports: [...ports],
          concurrency: slots,
          outcomes,
          reuseRefused: true,
          econnrefused,
          econnaborted: -constants.errno.ECONNABORTED,
        },
      });
      live.add(index);
      worker.on('message', (message: WorkerMessage) => onMessage(index, message));
      worker.on('error', () => onLost(index));
      worker.on('exit', () => onLost(index));
      return worker;
    });

    const cancel = (): void => {
      if (settled) return;
      for (const index of live) workers[index]?.postMessage({ type: 'cancel' });
      // A worker answers within a loop turn; one that cannot answer must not hold the caller.
      cancelTimer = setTimeout(() => settle(true), 1000);
      finishIfIdle();
    };
    signal?.addEventListener('abort', cancel, { once: true });
  });
}

/** `[realPort, connectPort, …]` for the ports a lab moved, or null when none moved (a real network). */
function portOverrides(ports: readonly number[], connectPort: (port: number) => number): number[] | null {
  let overrides: number[] | null = null;
  for (const port of ports) {
    const mapped = connectPort(port);
    if (mapped === port) continue;
    overrides ??= [];
    overrides.push(port, mapped);
  }
  return overrides;
}

function snapshot(address: string, counts: HostCounts | undefined, complete: boolean): HostTcpResult {
  const openPorts = [...(counts?.open ?? [])].sort((a, b) => a - b);
  const refused = counts?.refused ?? 0;
  const alive = tcpProvesAlive(address, openPorts.length, refused);
  return {
    address,
    openPorts,
    refused,
    timedOut: counts?.timedOut ?? 0,
    unreachable: counts?.unreachable ?? 0,
    alive,
    aliveByRefusal: alive && openPorts.length === 0,
    complete,
  };
}
