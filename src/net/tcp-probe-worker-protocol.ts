/**
 * The messages between probeTcpOnThreads (tcp-probe-threads.ts) and its worker threads (tcp-probe-worker.ts).
 *
 * Main → worker: `hosts` (the next group, as many as the worker may probe at once), `end` (no more hosts),
 * `cancel`. Worker → main: `more` (its current group is almost issued), `report` (hosts finished and probes done
 * since the last message), `finished` (the last report: every host it was given is done), `cancelled` (the last
 * report after a cancel, with the hosts it held that were not finished).
 */
import type { HostCounts } from './tcp-probe-loop.ts';

export type { HostCounts } from './tcp-probe-loop.ts';

/** One host as the main thread hands it out: what the worker cannot work out for itself. */
export interface ProbeHostSpec {
  /** Position in the order hosts were taken; results are reported by it. */
  id: number;
  address: string;
  timeoutMs: number;
  /** Connection attempts per second; 0 for unlimited. */
  rate: number;
  burst: number;
  /** Flat `[realPort, connectPort, …]` for the ports a lab moved, or null when none moved (a real network). */
  map: number[] | null;
}

/** A worker's `workerData`. */
export interface ProbeWorkerData {
  ports: number[];
  /** This worker's connect slots (its share of the concurrency). */
  concurrency: number;
}

export type ToProbeWorker = { type: 'hosts'; hosts: ProbeHostSpec[] } | { type: 'end' } | { type: 'cancel' };

export type FromProbeWorker =
  | { type: 'more' }
  | { type: 'report' | 'finished'; hosts: HostCounts[]; probes: number }
  | { type: 'cancelled'; hosts: HostCounts[]; partial: HostCounts[]; probes: number };
