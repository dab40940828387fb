import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from '../util/clock.ts';
import { type ConnectEngine, createConnectEngine } from './connect-engine.ts';
import type { ConnectOutcome } from './connect-outcome.ts';
import { hostBurst, hostRatePerSecond, hostTimeoutMs, tcpProvesAlive } from './tcp-probe-policy.ts';
import { probeTcpOnThreads, threadedProbingAvailable } from './tcp-probe-threads.ts';
import type { ConnectPortMap, HostTcpResult, TcpProbeOptions, TcpProbeResult } from './tcp-probe-types.ts';
import { TokenBucket } from './token-bucket.ts';

export { isLoopbackAddress, tcpProvesAlive } from './tcp-probe-policy.ts';
export type * from './tcp-probe-types.ts';

const MAX_RESOURCE_RETRIES = 5;
const MIN_CONCURRENCY = 16;

class HostState {
  readonly address: string;
  readonly bucket: TokenBucket | undefined;
  readonly timeoutMs: number;
  readonly open: number[] = [];
  refused = 0;
  timedOut = 0;
  unreachable = 0;
  issued = 0;
  pending = 0;
  result: HostTcpResult | undefined;

  constructor(address: string, bucket: TokenBucket | undefined, timeoutMs: number) {
    this.address = address;
    this.bucket = bucket;
    this.timeoutMs = timeoutMs;
  }

  snapshot(complete: boolean): HostTcpResult {
    const openPorts = [...this.open].sort((a, b) => a - b);
    const alive = tcpProvesAlive(this.address, openPorts.length, this.refused);
    return {
      address: this.address,
      openPorts,
      refused: this.refused,
      timedOut: this.timedOut,
      unreachable: this.unreachable,
      alive,
      aliveByRefusal: alive && openPorts.length === 0,
      complete,
    };
  }
}

/**
 * TCP connect probes of hosts × ports with one global bound on connects in flight. Work is issued in host groups
 * with the ports interleaved across the hosts of a group, so no single host takes the whole budget and hosts
 * finish group by group. A probe lives in a numbered slot (host, port, attempt in flat arrays), so the only
 * per-probe allocations are the engine's handle and request.
 */
class TcpProber {
  readonly #options: TcpProbeOptions;
  readonly #ports: readonly number[];
  readonly #mapPort: ConnectPortMap;
  readonly #clock: Clock;
  readonly #groupSize: number;
  readonly #hosts: Iterator<string>;
  readonly #engine: ConnectEngine;
  readonly #slotHost: Array<HostState | undefined>;
  readonly #slotPort: Int32Array;
  readonly #slotAttempt: Uint8Array;
  readonly #freeSlots: number[];
  readonly #all: HostState[] = [];
  readonly #started = performance.now();
  #limit: number;
  #group: HostState[] = [];
  #portIndex = 0;
  #hostIndex = 0;
  #inFlight = 0;
  #probesDone = 0;
  #hostsDone = 0;
  #openFound = 0;
  #exhausted = false;
  #stopped = false;
  #resolve: ((result: TcpProbeResult) => void) | undefined;

  constructor(options: TcpProbeOptions) {
    this.#options = options;
    this.#ports = options.ports;
    this.#mapPort = options.connectPort ?? ((_address, port) => port);
    this.#clock = options.clock ?? systemClock;
    this.#limit = Math.max(1, Math.floor(options.concurrency ?? 512));
    this.#groupSize = Math.max(1, options.hostGroupSize ?? 64);
    this.#hosts = options.hosts[Symbol.iterator]();
    this.#slotHost = new Array(this.#limit);
    this.#slotPort = new Int32Array(this.#limit);
    this.#slotAttempt = new Uint8Array(this.#limit);
    this.#freeSlots = Array.from({ length: this.#limit }, (_, i) => this.#limit - 1 - i);
    this.#engine = createConnectEngine({
      slots: this.#limit,
      onDone: (slot, outcome) => this.#done(slot, outcome),
      kind: options.engine === 'socket' ? 'socket' : 'auto',
    });
  }

  run(): Promise<TcpProbeResult> {
    return new Promise<TcpProbeResult>((resolve) => {
      this.#resolve = resolve;
      const signal = this.#options.signal;
      if (signal?.aborted) {
        this.#cancel();
        return;
      }
      signal?.addEventListener('abort', () => this.#cancel(), { once: true });
      this.#pump();
    });
  }

  #pump(): void {
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
    if (!this.#stopped && this.#inFlight === 0 && this.#exhausted) this.#finish(false);
  }

  /** The host of the next probe, pulling the next group of hosts when this one is fully issued. */
  #nextHost(): HostState | undefined {
    while (this.#portIndex >= this.#ports.length || this.#group.length === 0) {
      if (this.#exhausted) return undefined;
      this.#group = this.#pullGroup();
      this.#portIndex = 0;
      this.#hostIndex = 0;
      if (this.#group.length === 0) {
        this.#exhausted = true;
        return undefined;
      }
      // With no ports to probe, a host is done the moment it is pulled.
      if (this.#ports.length === 0) for (const host of this.#group) this.#hostDone(host);
    }
    return this.#group[this.#hostIndex];
  }

  #pullGroup(): HostState[] {
    const group: HostState[] = [];
    while (group.length < this.#groupSize) {
      const next = this.#hosts.next();
      if (next.done) break;
      const host = new HostState(next.value, this.#bucketFor(next.value), this.#timeoutFor(next.value));
      group.push(host);
      this.#all.push(host);
    }
    return group;
  }

  #bucketFor(address: string): TokenBucket | undefined {
    const rate = hostRatePerSecond(this.#options, address);
    if (!Number.isFinite(rate)) return undefined;
    return new TokenBucket(rate, hostBurst(this.#options), this.#clock);
  }

  #timeoutFor(address: string): number {
    return hostTimeoutMs(this.#options, address);
  }

  #start(slot: number): void {
    const host = this.#slotHost[slot] as HostState;
    const waitMs = host.bucket?.take() ?? 0;
    if (waitMs > 0) {
      this.#clock.sleep(waitMs, this.#options.signal).then(
        () => (this.#stopped ? undefined : this.#start(slot)),
        () => undefined,
      );
      return;
    }
    const port = this.#slotPort[slot] as number;
    this.#engine.start(slot, host.address, this.#mapPort(host.address, port, 'tcp'), host.timeoutMs);
  }

  #done(slot: number, outcome: ConnectOutcome): void {
    if (this.#stopped) return;
    const host = this.#slotHost[slot] as HostState;
    const attempt = this.#slotAttempt[slot] as number;
    if (outcome === 'resource' && attempt < MAX_RESOURCE_RETRIES) {
      // Out of sockets or local ports: back off and narrow the window rather than report a false "closed".
      this.#limit = Math.max(MIN_CONCURRENCY, Math.floor(this.#limit * 0.9));
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
    else if ((this.#probesDone & 1023) === 0) this.#progress();
    this.#pump();
  }

  #hostDone(host: HostState): void {
    host.result = host.snapshot(true);
    this.#hostsDone++;
    this.#options.onHostDone?.(host.result);
    this.#progress();
  }

  #progress(): void {
    this.#options.onProgress?.({
      probesDone: this.#probesDone,
      hostsDone: this.#hostsDone,
      openFound: this.#openFound,
    });
  }

  #cancel(): void {
    if (this.#stopped) return;
    this.#engine.cancelAll();
    this.#finish(true);
  }

  #finish(cancelled: boolean): void {
    this.#stopped = true;
    this.#engine.close();
    this.#resolve?.({
      hosts: this.#all.map((host) => host.result ?? host.snapshot(false)),
      probes: this.#probesDone,
      cancelled,
      elapsedMs: performance.now() - this.#started,
    });
    this.#resolve = undefined;
  }
}

/**
 * Probes every port of every host with TCP connects and resolves with what each host showed. Cancelling through
 * `signal` resolves at once with the hosts probed so far (`complete: false` on those cut short). With `threads`
 * above one the hosts are shared out to worker threads that each run this same loop (tcp-probe-threads.ts).
 */
export function probeTcp(options: TcpProbeOptions): Promise<TcpProbeResult> {
  const engine = options.engine ?? 'auto';
  const threads = Math.floor(options.threads ?? (engine === 'threads' ? 2 : 1));
  const wantsThreads = engine === 'threads' || (engine === 'auto' && threads > 1);
  if (wantsThreads && threadedProbingAvailable(options)) {
    return probeTcpOnThreads(options, Math.max(1, threads), (fallback) => new TcpProber(fallback).run());
  }
  return new TcpProber(options).run();
}
