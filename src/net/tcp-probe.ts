import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from '../util/clock.ts';
import { type HostFeed, ProbeHost, TcpProbeLoop } from './tcp-probe-loop.ts';
import { hostBurst, hostRatePerSecond, hostResult, hostTimeoutMs } from './tcp-probe-policy.ts';
import { probeTcpOnThreads, threadedProbingAvailable } from './tcp-probe-threads.ts';
import type { TcpProbeOptions, TcpProbeResult } from './tcp-probe-types.ts';
import { TokenBucket } from './token-bucket.ts';

export { isLoopbackAddress, tcpProvesAlive } from './tcp-probe-policy.ts';
export type * from './tcp-probe-types.ts';

/** A host's token bucket, or none where its rate is unlimited (loopback by default). */
function hostBucket(
  options: Pick<TcpProbeOptions, 'ratePerHostPerSecond' | 'burstPerHost'>,
  address: string,
  clock: Clock,
): TokenBucket | undefined {
  const rate = hostRatePerSecond(options, address);
  return Number.isFinite(rate) ? new TokenBucket(rate, hostBurst(options), clock) : undefined;
}

/** Hosts from the target iterator, `hostGroupSize` at a time, kept in the order taken for the result. */
class IteratorFeed implements HostFeed {
  readonly all: ProbeHost[] = [];
  readonly #options: TcpProbeOptions;
  readonly #hosts: Iterator<string>;
  readonly #groupSize: number;
  readonly #clock: Clock;

  constructor(options: TcpProbeOptions, clock: Clock) {
    this.#options = options;
    this.#hosts = options.hosts[Symbol.iterator]();
    this.#groupSize = Math.max(1, options.hostGroupSize ?? 64);
    this.#clock = clock;
  }

  nextGroup(): ProbeHost[] | undefined {
    const group: ProbeHost[] = [];
    while (group.length < this.#groupSize) {
      const next = this.#hosts.next();
      if (next.done) break;
      const address = next.value;
      const spec = { id: this.all.length, address, timeoutMs: hostTimeoutMs(this.#options, address) };
      const host = new ProbeHost(spec, hostBucket(this.#options, address, this.#clock));
      group.push(host);
      this.all.push(host);
    }
    return group.length > 0 ? group : undefined;
  }
}

/** probeTcp in this thread: the probing loop over the target iterator, with the fastest engine this Node has. */
function probeTcpHere(options: TcpProbeOptions): Promise<TcpProbeResult> {
  const started = performance.now();
  const clock = options.clock ?? systemClock;
  const mapPort = options.connectPort;
  const feed = new IteratorFeed(options, clock);
  return new Promise<TcpProbeResult>((resolve) => {
    const signal = options.signal;
    const progress = (): void =>
      options.onProgress?.({ probesDone: loop.probesDone, hostsDone: loop.hostsDone, openFound: loop.openFound });
    const settle = (cancelled: boolean): void => {
      signal?.removeEventListener('abort', cancel);
      resolve({
        hosts: feed.all.map((host) => hostResult(host.address, host, host.done)),
        probes: loop.probesDone,
        cancelled,
        elapsedMs: performance.now() - started,
      });
    };
    const cancel = (): void => {
      loop.cancel();
      settle(true);
    };
    const loop = new TcpProbeLoop({
      ports: options.ports,
      concurrency: options.concurrency ?? 512,
      feed,
      engine: options.engine === 'socket' ? 'socket' : 'auto',
      clock,
      signal,
      connectPort: mapPort ? (host, port) => mapPort(host.address, port, 'tcp') : (_host, port) => port,
      onHostDone: (host) => {
        options.onHostDone?.(hostResult(host.address, host, true));
        progress();
      },
      onProgress: progress,
      onFinished: () => settle(false),
    });
    if (signal?.aborted) {
      cancel();
      return;
    }
    signal?.addEventListener('abort', cancel, { once: true });
    loop.resume();
  });
}

/**
 * Probes every port of every host with TCP connects and resolves with what each host showed. Cancelling through
 * `signal` resolves at once with the hosts probed so far (`complete: false` on those cut short). With `threads`
 * above one the hosts are shared out to worker threads that each run the same loop (tcp-probe-threads.ts).
 */
export function probeTcp(options: TcpProbeOptions): Promise<TcpProbeResult> {
  const engine = options.engine ?? 'auto';
  const threads = Math.floor(options.threads ?? (engine === 'threads' ? 2 : 1));
  const wantsThreads = engine === 'threads' || (engine === 'auto' && threads > 1);
  if (wantsThreads && threadedProbingAvailable(options)) {
    return probeTcpOnThreads(options, Math.max(1, threads), probeTcpHere);
  }
  return probeTcpHere(options);
}
