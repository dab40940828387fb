import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { StoreError } from '../errors/index.ts';
import type { HostFacts } from '../families/facts.ts';
import { type DatabaseHandle, readWith, withWriteTransaction } from './database.ts';
import { recordScanHosts, validateHost, validateScan } from './record-scan.ts';
import { type ScanIdentityConflict, scanIdentityConflicts } from './scan-identity.ts';
import { clearJournal, journaledHosts, journalHost } from './scan-journal.ts';
import { closeScan, insertRunningScan, touchRunningScan } from './scan-repository.ts';
import type { StoreSchema } from './schema.ts';
import { STORE_ERROR_CODES } from './sqlite-errors.ts';
import type { BeginScanInput, FinishedScanStatus, HostScanResult, RecordScanInput, RecordScanResult } from './types.ts';

/** How a scan ends, with the hosts as its final audit saw them. */
export interface FinishScanInput {
  status: FinishedScanStatus;
  /** When the scan really started (defaults to the time given to beginScan). */
  startedMs?: number;
  finishedMs: number;
  hosts: HostScanResult[];
}

/**
 * One scan being recorded while it runs. Its row exists from the start (`running`); each host's result is committed
 * to the scan's journal as soon as the host is inspected (`recordHost`), so a crash keeps what was found. `finish`
 * records the scan into the inventory in one transaction, exactly as a scan recorded in one go: identities are
 * matched across all its hosts at once, and change and gone-device detection see its final status. If the process
 * dies first, the next open records the journal as an `interrupted` scan (see scan-recovery.ts).
 */
export class ScanSession {
  readonly scanId: number;
  readonly #handle: DatabaseHandle;
  readonly #request: BeginScanInput;
  #ended = false;

  private constructor(handle: DatabaseHandle, scanId: number, request: BeginScanInput) {
    this.#handle = handle;
    this.scanId = scanId;
    this.#request = request;
  }

  /** Writes the scan's `running` row, owned by this process. */
  static async begin(handle: DatabaseHandle, request: BeginScanInput): Promise<ScanSession> {
    const runner = { pid: process.pid, host: hostname() };
    const scanId = await withWriteTransaction(handle, 'start a scan in', (db) =>
      insertRunningScan(db, request, runner),
    );
    return new ScanSession(handle, scanId, request);
  }

  /** Commits one inspected host to the journal. */
  async recordHost(result: HostScanResult, recordedMs = Date.now()): Promise<void> {
    this.#checkOpen();
    validateHost(result);
    await withWriteTransaction(this.#handle, 'keep a scanned host in', async (db) => {
      const count = await journalHost(db, this.scanId, result, recordedMs);
      await touchRunningScan(db, this.scanId, recordedMs, count);
    });
  }

  /**
   * The identity conflicts among the scan's final hosts, decided as `finish` will match them: call it before the
   * checks run, so both sides of a conflict carry the finding.
   */
  identityConflicts(hosts: readonly HostFacts[]): Promise<ScanIdentityConflict[]> {
    return readWith(this.#handle, 'read the known identities from', (db) =>
      scanIdentityConflicts(db, hosts, this.#request.targets),
    );
  }

  /** Records the scan with its final hosts (the journal is superseded by them) and its status. */
  finish(end: FinishScanInput): Promise<RecordScanResult> {
    const input = this.#input(end.status, end.finishedMs, end.hosts, end.startedMs);
    return this.#record('record a scan in', input, async () => end.hosts);
  }

  /**
   * Ends a scan that could not finish (its loop failed): records the hosts journaled so far with `status`, like a
   * cancelled scan's: they count as seen, but nothing is reported gone, closed or resolved.
   */
  abandon(status: 'failed' | 'cancelled', finishedMs: number): Promise<RecordScanResult> {
    return this.#record('record what a failed scan found in', this.#input(status, finishedMs, []), (db) =>
      journaledHosts(db, this.scanId),
    );
  }

  async #record(
    action: string,
    input: RecordScanInput,
    hostsOf: (db: Kysely<StoreSchema>) => Promise<HostScanResult[]>,
  ): Promise<RecordScanResult> {
    this.#checkOpen();
    const result = await withWriteTransaction(this.#handle, action, async (db) => {
      const hosts = await hostsOf(db);
      const full = { ...input, hosts };
      validateScan(full);
      const end = { status: input.status, startedMs: input.startedMs, finishedMs: input.finishedMs };
      if (!(await closeScan(db, this.scanId, { ...end, hostCount: hosts.length }))) {
        throw new StoreError(
          `scan ${this.scanId} in ${this.#handle.file} is no longer running: another iotwarden took it for interrupted. Nothing of this run was stored; scan again.`,
          undefined,
          STORE_ERROR_CODES.other,
        );
      }
      const recorded = await recordScanHosts(db, this.scanId, full);
      await clearJournal(db, this.scanId);
      return recorded;
    });
    this.#ended = true;
    return result;
  }

  #input(status: FinishedScanStatus, finishedMs: number, hosts: HostScanResult[], startedMs?: number): RecordScanInput {
    return { ...this.#request, startedMs: startedMs ?? this.#request.startedMs, finishedMs, status, hosts };
  }

  #checkOpen(): void {
    if (this.#ended)
      throw new StoreError(`scan ${this.scanId} was already recorded`, undefined, STORE_ERROR_CODES.input);
  }
}
