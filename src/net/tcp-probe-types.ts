import type { Clock } from '../util/clock.ts';

/**
 * What one TCP connect attempt showed:
 * - `open`: the handshake completed;
 * - `refused`: an RST came back, so something answered for the address (but see loopback-liveness.md);
 * - `timeout`: nothing came back in time: a firewall dropping SYNs, a host that is not there, or a full backlog;
 * - `unreachable`: the network said no (ICMP host/net unreachable, no route).
 */
export type PortState = 'open' | 'refused' | 'timeout' | 'unreachable';

/** Maps a device's real port to the port to connect to (a lab shifts 80 to 10080). */
export type ConnectPortMap = (address: string, port: number, transport: 'tcp') => number;

/** The TCP picture of one host. Ports are real (unmapped) port numbers. */
export interface HostTcpResult {
  address: string;
  /** Real ports that accepted a connection, ascending. */
  openPorts: number[];
  refused: number;
  timedOut: number;
  unreachable: number;
  /** Whether the TCP answers prove a live host (see docs/decisions/loopback-liveness.md). */
  alive: boolean;
  /** Set when the host answered with an RST and that counts as alive. */
  aliveByRefusal: boolean;
  /** False when the scan was cancelled before every port of this host was probed. */
  complete: boolean;
}

export interface TcpProbeProgress {
  probesDone: number;
  hostsDone: number;
  openFound: number;
}

export interface TcpProbeOptions {
  /** Addresses to probe, consumed lazily (a TargetSet's `hosts()`). */
  hosts: Iterable<string>;
  /** Real port numbers. */
  ports: readonly number[];
  /** Defaults to the identity. */
  connectPort?: ConnectPortMap;
  /** Connects in flight at once, across all hosts. Default 512 (the fastest on loopback; ample for a LAN). */
  concurrency?: number;
  /** Per-connect deadline. Default 300 ms on loopback, 1000 ms elsewhere (nmap -T4's initial RTT timeout is 500 ms, its max 1250 ms). */
  timeoutMs?: number;
  /** Connection attempts per second per host. Default unlimited on loopback, 300 elsewhere. */
  ratePerHostPerSecond?: number;
  /** Attempts a host may get at once before the rate applies. Default 32. */
  burstPerHost?: number;
  /** Hosts probed together, ports interleaved across them. Default 64. */
  hostGroupSize?: number;
  /** Cancels: in-flight sockets are destroyed and the result holds what was found so far. */
  signal?: AbortSignal;
  /** For rate-limit waits (connect deadlines are the kernel's and use real time). */
  clock?: Clock;
  /**
   * `socket` forces the portable net.Socket engine in this thread; `threads` forces worker threads (default 2);
   * `auto` (the default) uses `threads` worker threads when asked for more than one and they can run here, else
   * the fastest engine in this thread.
   */
  engine?: 'auto' | 'socket' | 'threads';
  /**
   * Worker threads that probe, each a share of the hosts. Default 1: probe in this thread. Worth it from a few
   * thousand probes up; discoverHosts picks it from the size of the scan. Threads need the system clock (a
   * FakeClock keeps the probing in this thread) and Linux.
   */
  threads?: number;
  onHostDone?: (result: HostTcpResult) => void;
  /** Called after each finished host and every 1000 probes. */
  onProgress?: (progress: TcpProbeProgress) => void;
}

export interface TcpProbeResult {
  hosts: HostTcpResult[];
  probes: number;
  cancelled: boolean;
  elapsedMs: number;
}
