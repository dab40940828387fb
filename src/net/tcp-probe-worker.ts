/**
 * A TCP probe worker thread: the probing loop of tcp-probe-loop.ts over the hosts the main thread hands it
 * (tcp-probe-threads.ts, protocol in tcp-probe-worker-protocol.ts). Started by path: this file under tsx or
 * vitest, `dist/tcp-probe-worker.mjs` in the bundle (tcp-probe-worker-start.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../util/clock.ts';
import { type HostCounts, type HostFeed, ProbeHost, TcpProbeLoop } from './tcp-probe-loop.ts';
import type { FromProbeWorker, ProbeHostSpec, ProbeWorkerData, ToProbeWorker } from './tcp-probe-worker-protocol.ts';
import { TokenBucket } from './token-bucket.ts';

/** Hosts as the main thread sends them, one group per message; asks for the next group before it is needed. */
class MessageFeed implements HostFeed {
  /** Hosts given to this worker and not finished, for the cancel report. */
  readonly held = new Map<number, ProbeHost>();
  readonly #queued: ProbeHost[][] = [];
  readonly #post: (message: FromProbeWorker) => void;
  #asked = false;
  #ended = false;

  constructor(post: (message: FromProbeWorker) => void) {
    this.#post = post;
  }

  nextGroup(): ProbeHost[] | 'wait' | undefined {
    const next = this.#queued.shift();
    if (next) return next;
    if (this.#ended) return undefined;
    this.runningLow();
    return 'wait';
  }

  runningLow(): void {
    if (this.#asked || this.#ended || this.#queued.length > 0) return;
    this.#asked = true;
    this.#post({ type: 'more' });
  }

  receive(specs: readonly ProbeHostSpec[]): void {
    this.#asked = false;
    if (specs.length === 0) return;
    const group = specs.map(probeHostOf);
    for (const host of group) this.held.set(host.id, host);
    this.#queued.push(group);
  }

  end(): void {
    this.#ended = true;
    this.#asked = false;
  }
}

function probeHostOf(spec: ProbeHostSpec): ProbeHost {
  const bucket = spec.rate > 0 ? new TokenBucket(spec.rate, spec.burst, systemClock) : undefined;
  const host = { id: spec.id, address: spec.address, timeoutMs: spec.timeoutMs };
  if (spec.map === null) return new ProbeHost(host, bucket);
  const portMap = new Map<number, number>();
  for (let i = 0; i + 1 < spec.map.length; i += 2) portMap.set(spec.map[i] as number, spec.map[i + 1] as number);
  return new ProbeHost({ ...host, portMap }, bucket);
}

/** Runs the loop for the main thread on `port` until it finishes or is cancelled. */
function serve(port: NonNullable<typeof parentPort>, data: ProbeWorkerData): void {
  const post = (message: FromProbeWorker): void => port.postMessage(message);
  const feed = new MessageFeed(post);
  let finished: HostCounts[] = [];
  let probesReported = 0;
  let reportQueued = false;
  let stopped = false;

  /** Finished hosts and probes since the last message, as `type`. */
  const report = (type: 'report' | 'finished'): void => {
    reportQueued = false;
    post({ type, hosts: finished, probes: loop.probesDone - probesReported });
    probesReported = loop.probesDone;
    finished = [];
  };
  // One report per loop turn at most: a finished host often finishes others with it.
  const queueReport = (): void => {
    if (reportQueued) return;
    reportQueued = true;
    setImmediate(() => (!stopped && reportQueued ? report('report') : undefined));
  };
  const loop = new TcpProbeLoop({
    ports: data.ports,
    concurrency: data.concurrency,
    feed,
    engine: 'auto',
    clock: systemClock,
    connectPort: (host, realPort) => host.portMap?.get(realPort) ?? realPort,
    onHostDone: (host) => {
      feed.held.delete(host.id);
      finished.push(host.counts());
      queueReport();
    },
    onProgress: queueReport,
    onFinished: () => {
      stopped = true;
      report('finished');
    },
  });
  const cancel = (): void => {
    if (stopped) return;
    stopped = true;
    loop.cancel();
    const partial = [...feed.held.values()].map((host) => host.counts());
    post({ type: 'cancelled', hosts: finished, partial, probes: loop.probesDone - probesReported });
  };
  port.on('message', (message: ToProbeWorker) => {
    if (message.type === 'cancel') cancel();
    else if (stopped) return;
    else if (message.type === 'end') {
      feed.end();
      loop.resume();
    } else {
      feed.receive(message.hosts);
      loop.resume();
    }
  });
  loop.resume();
}

if (parentPort) serve(parentPort, workerData as ProbeWorkerData);
