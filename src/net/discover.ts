import { availableParallelism } from 'node:os';
import { type Clock, systemClock } from '../util/clock.ts';
import { readDhcpLeases } from './dhcp-leases.ts';
import type { ConnectPortFn, DiscoveredHost } from './discovered-host.ts';
import { mergeDiscovery } from './discovery-merge.ts';
import { readNeighbours } from './neighbours.ts';
import type { PassiveRecord } from './passive-record.ts';
import type { TargetSet } from './targets.ts';
import { probeTcp } from './tcp-probe.ts';
import type { HostTcpResult, TcpProbeOptions, TcpProbeProgress, TcpProbeResult } from './tcp-probe-types.ts';
import { type GenericUdpProbe, probeUdp, type UdpDiscoveryProbe, type UdpFindings } from './udp-probes.ts';

export type { AliveEvidence, ConnectPortFn, DiscoveredHost } from './discovered-host.ts';
export { toProbeTarget } from './discovered-host.ts';

/** Where discovery is, for a progress display. */
export interface DiscoveryProgress {
  phase: 'passive' | 'probing' | 'done';
  hostsTotal: number;
  /** Hosts whose TCP ports are all probed. */
  hostsDone: number;
  probesTotal: number;
  probesDone: number;
  openPorts: number;
  /** Hosts found alive by TCP so far (UDP and passive evidence are merged at the end). */
  aliveSoFar: number;
  udpDone: boolean;
}

export interface DiscoverOptions {
  /** The only addresses discovery touches or reports (parseTargets). */
  targets: TargetSet;
  /** Real TCP port numbers (parsePortSpec). */
  ports: readonly number[];
  /** Real port → port to connect to (a lab's shifted ports). */
  connectPort?: ConnectPortFn;
  /** UDP discovery: the vendors' probes (from the families table) and which generic ones; `false` sends none. */
  udpProbes?: { vendor?: readonly UdpDiscoveryProbe[]; generic?: readonly GenericUdpProbe[] } | false;
  /** Read the kernel's neighbour table (passive, no traffic). Default true. */
  neighbours?: boolean;
  /** DHCP lease files to read (dnsmasq/OpenWrt or ISC format). */
  leaseFiles?: readonly string[];
  tcp?: Pick<
    TcpProbeOptions,
    'concurrency' | 'timeoutMs' | 'ratePerHostPerSecond' | 'burstPerHost' | 'hostGroupSize' | 'engine' | 'threads'
  >;
  /** How long each UDP sweep listens. Default 500 ms on loopback, 1500 ms otherwise (SSDP MX is 1 s). */
  udpTimeoutMs?: number;
  /** Largest UDP answer kept. Default 64 KiB. */
  maxBytes?: number;
  /** Ctrl-C: discovery stops and returns what it found. */
  signal?: AbortSignal;
  clock?: Clock;
  onProgress?: (progress: DiscoveryProgress) => void;
  /**
   * Each live host as soon as its evidence is in (all its TCP ports probed and the UDP sweeps done), so the caller
   * can inspect it while discovery goes on. Hosts cut short by cancelling are only in the returned list.
   */
  onHost?: (host: DiscoveredHost) => void;
}

/**
 * Below this many probes a scan is done before worker threads would have started (~30 ms each); above it the
 * connects are spread over the cores. 4096 probes take ~40 ms on one thread.
 */
const THREADS_FROM_PROBES = 4096;
/**
 * Connects are mostly kernel work that contends on shared socket tables: on 2 cores, 3 or 4 threads were slower than
 * 2 (1.24 s against 1.18 s for 254k loopback probes), so one per core, and no more than this.
 */
const MAX_CONNECT_THREADS = 4;

/** Connect threads for a scan of `probes` connects: one per core, for scans large enough to pay for them. */
export function connectThreadsFor(probes: number): number {
  return probes < THREADS_FROM_PROBES ? 1 : Math.max(1, Math.min(availableParallelism(), MAX_CONNECT_THREADS));
}

/**
 * Finds the hosts inside the targets: DHCP leases first (a bad lease file stops the scan before any traffic), then
 * the neighbour table, TCP connect probes and the UDP discovery probes at the same time. Returns every host with
 * evidence that it exists (docs/decisions/loopback-liveness.md), sorted by address. Cancelling returns what was
 * found so far.
 */
export async function discoverHosts(options: DiscoverOptions): Promise<DiscoveredHost[]> {
  const clock = options.clock ?? systemClock;
  const ports = options.ports;
  const progress: DiscoveryProgress = {
    phase: 'passive',
    hostsTotal: options.targets.size,
    hostsDone: 0,
    probesTotal: options.targets.size * ports.length,
    probesDone: 0,
    openPorts: 0,
    aliveSoFar: 0,
    udpDone: options.udpProbes === false,
  };
  const report = (): void => options.onProgress?.({ ...progress });
  report();

  const leases = options.leaseFiles?.length ? await readDhcpLeases(options.leaseFiles, options.targets) : [];
  // Reading the neighbour table runs `ip neigh` (~15 ms); it never fails, so the probes need not wait for it.
  const passiveRead = (
    (options.neighbours ?? true) ? readNeighbours({ targets: options.targets }) : Promise.resolve([])
  ).then((neighbours) => [...neighbours, ...leases]);
  progress.phase = 'probing';
  report();

  const early = earlyHosts(options, clock);
  const tcp = runTcp(options, clock, {
    hostDone: (host) => {
      if (host.alive) progress.aliveSoFar++;
      early.tcpDone(host);
    },
    progress: (tcpProgress) => {
      progress.probesDone = tcpProgress.probesDone;
      progress.hostsDone = tcpProgress.hostsDone;
      progress.openPorts = tcpProgress.openFound;
      report();
    },
  });
  const udp = runUdp(options).then((findings) => {
    progress.udpDone = true;
    report();
    return findings;
  });
  const evidence = Promise.all([udp, passiveRead]).then(([findings, passive]) => {
    early.ready(findings, passive);
    return { udpFindings: findings, passive };
  });
  const [tcpResult, { udpFindings, passive }] = await Promise.all([tcp, evidence]);

  const hosts = mergeDiscovery({ tcp: tcpResult.hosts, udp: udpFindings, passive, nowMs: clock.now() });
  progress.phase = 'done';
  progress.probesDone = tcpResult.probes;
  report();
  return hosts;
}

/**
 * Hands each host to `onHost` once its TCP probes and the UDP sweeps are done, merged exactly as the final list
 * merges it (mergeDiscovery over that host's evidence alone).
 */
function earlyHosts(
  options: DiscoverOptions,
  clock: Clock,
): {
  tcpDone: (host: HostTcpResult) => void;
  ready: (findings: Map<string, UdpFindings>, passive: readonly PassiveRecord[]) => void;
} {
  const onHost = options.onHost;
  if (!onHost) return { tcpDone: () => undefined, ready: () => undefined };
  const passiveByAddress = new Map<string, PassiveRecord[]>();
  let udp: Map<string, UdpFindings> | undefined;
  let waiting: HostTcpResult[] = [];
  const emit = (tcp: HostTcpResult): void => {
    const findings = udp?.get(tcp.address);
    const [host] = mergeDiscovery({
      tcp: [tcp],
      udp: findings ? new Map([[tcp.address, findings]]) : new Map(),
      passive: passiveByAddress.get(tcp.address) ?? [],
      nowMs: clock.now(),
    });
    if (host && !options.signal?.aborted) onHost(host);
  };
  return {
    tcpDone: (tcp) => {
      if (udp) emit(tcp);
      else waiting.push(tcp);
    },
    ready: (findings, passive) => {
      for (const record of passive) {
        const list = passiveByAddress.get(record.address) ?? [];
        list.push(record);
        passiveByAddress.set(record.address, list);
      }
      udp = findings;
      const ready = waiting;
      waiting = [];
      for (const tcp of ready) emit(tcp);
    },
  };
}

/** The TCP connect probes of every target, on worker threads when the scan is large enough to pay for them. */
function runTcp(
  options: DiscoverOptions,
  clock: Clock,
  on: { hostDone: (host: HostTcpResult) => void; progress: (progress: TcpProbeProgress) => void },
): Promise<TcpProbeResult> {
  const connectPort = options.connectPort;
  return probeTcp({
    threads: connectThreadsFor(options.targets.size * options.ports.length),
    ...options.tcp,
    hosts: options.targets.hosts(),
    ports: options.ports,
    clock,
    ...(connectPort ? { connectPort: (address: string, port: number) => connectPort(address, port, 'tcp') } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onHostDone: on.hostDone,
    onProgress: on.progress,
  });
}

function runUdp(options: DiscoverOptions): Promise<Map<string, UdpFindings>> {
  if (options.udpProbes === false || options.signal?.aborted) return Promise.resolve(new Map());
  const connectPort = options.connectPort;
  return probeUdp({
    hosts: () => options.targets.hosts(),
    timeoutMs: options.udpTimeoutMs ?? (options.targets.loopbackOnly ? 500 : 1500),
    maxBytes: options.maxBytes ?? 65_536,
    ...(options.udpProbes?.vendor ? { vendorProbes: options.udpProbes.vendor } : {}),
    ...(options.udpProbes?.generic ? { genericProbes: options.udpProbes.generic } : {}),
    ...(connectPort ? { connectPort: (address: string, port: number) => connectPort(address, port, 'udp') } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
