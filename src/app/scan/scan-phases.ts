import type { DiscoveryProgress } from '../../net/discover.ts';

/** The moments of a scan, in ms since the process started (so CLI start-up shows too). */
export interface ScanPhaseRecord {
  /** runScan was called: everything before is process start-up, config and opening the store. */
  scanStartMs: number;
  udpDoneMs?: number;
  /** Every target's TCP ports probed. */
  tcpDoneMs?: number;
  /** The first host handed to inspection. */
  firstHostReadyMs?: number;
  discoveryDoneMs?: number;
  /** The last host inspected. */
  inspectedMs?: number;
}

/**
 * Notes when each phase of a scan ends, for the `scan phases` debug log that bench:scan prints: what a scan's
 * wall time is made of (start-up, TCP, UDP, inspection), measured in the scan itself.
 */
export class ScanPhases {
  readonly #record: ScanPhaseRecord = { scanStartMs: ScanPhases.#now() };

  static #now(): number {
    return Math.round(process.uptime() * 1000);
  }

  /** Notes the first time a phase ends. */
  mark(phase: Exclude<keyof ScanPhaseRecord, 'scanStartMs'>): void {
    this.#record[phase] ??= ScanPhases.#now();
  }

  onDiscoveryProgress(progress: DiscoveryProgress): void {
    if (progress.udpDone) this.mark('udpDoneMs');
    if (progress.hostsDone === progress.hostsTotal && progress.phase === 'probing') this.mark('tcpDoneMs');
    if (progress.phase === 'done') this.mark('discoveryDoneMs');
  }

  record(): ScanPhaseRecord {
    return { ...this.#record };
  }
}
