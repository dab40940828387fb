import type { SourceSighting } from '../sources/sighting.ts';
import { configSnapshots } from './config-snapshot-repository.ts';
import {
  type DatabaseHandle,
  type DatabaseOptions,
  noticeTo,
  openDatabase,
  readWith,
  withWriteTransaction,
} from './database.ts';
import { findDevice, listDevices } from './device-queries.ts';
import { DnsAnswerRepository } from './dns-answer-repository.ts';
import { DnsRepository } from './dns-repository.ts';
import { tightenFileMode } from './file-mode.ts';
import { type FindingFilter, latestFindings } from './finding-repository.ts';
import { FirmwareRepository } from './firmware-repository.ts';
import { FixJournalRepository } from './fix-journal-repository.ts';
import { FlowRepository } from './flow-repository.ts';
import { checkIntegrity, checkWritable } from './health-check.ts';
import { migrate } from './migrator.ts';
import { observationHistory } from './observation-repository.ts';
import { recordScanHosts, validateScan } from './record-scan.ts';
import { RiskRepository } from './risk-repository.ts';
import { RolloutRepository } from './rollout-repository.ts';
import { recoverInterruptedScans } from './scan-recovery.ts';
import { insertScan, listScans } from './scan-repository.ts';
import { ScanSession } from './scan-session.ts';
import { ServeStore } from './serve-store.ts';
import { type RecordSightingsResult, recordSightings } from './source-sightings-repository.ts';
import { TrafficProfileRepository } from './traffic-profile-repository.ts';
import { TrustRepository } from './trust-repository.ts';
import type {
  BeginScanInput,
  ConfigSnapshot,
  DeviceDetail,
  DeviceSummary,
  ObservationEntry,
  RecordScanInput,
  RecordScanResult,
  ScanSummary,
  StoredFinding,
} from './types.ts';

export type OpenStoreOptions = DatabaseOptions;

/**
 * The database of this process: one connection, opened once, shared by one repository per aggregate. The Store
 * itself is the inventory (scans, devices, observations and their findings); `firmware`, `rollouts` and `dns` are
 * the others. Every method either completes or leaves the file as it was; failures are StoreErrors that name the
 * file and say what to do.
 */
export class Store {
  /** The audit log, holds and accepted catalogues. */
  readonly firmware: FirmwareRepository;
  /** Rollout progress of `firmware apply`. */
  readonly rollouts: RolloutRepository;
  /** Imported DNS queries and their analysis. */
  readonly dns: DnsRepository;
  /** Devices accepted for the owner's credentials, and the identities those are bound to. */
  readonly trust: TrustRepository;
  /** The owner's device context and risk decisions (issue 16). */
  readonly risk: RiskRepository;
  /** Flow conversations from NetFlow/IPFIX collectors and conntrack imports (zero trust). */
  readonly flows: FlowRepository;
  /** Which addresses DNS names resolved to. */
  readonly dnsAnswers: DnsAnswerRepository;
  /** Learned traffic profiles and the events after learning. */
  readonly profiles: TrafficProfileRepository;
  /** The journal of `fix apply`'s setting changes. */
  readonly fixes: FixJournalRepository;
  /** The tables of `iotwarden serve`: accounts, sessions, API tokens, jobs, notifications (on this connection). */
  readonly serve: ServeStore;
  readonly #handle: DatabaseHandle;

  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
    this.firmware = new FirmwareRepository(handle);
    this.rollouts = new RolloutRepository(handle);
    this.dns = new DnsRepository(handle);
    this.trust = new TrustRepository(handle);
    this.risk = new RiskRepository(handle);
    this.flows = new FlowRepository(handle);
    this.dnsAnswers = new DnsAnswerRepository(handle);
    this.profiles = new TrafficProfileRepository(handle);
    this.fixes = new FixJournalRepository(handle);
    this.serve = new ServeStore(handle, { ownsConnection: false });
  }

  /** The database file. */
  get file(): string {
    return this.#handle.file;
  }

  get readonly(): boolean {
    return this.#handle.readonly;
  }

  /**
   * Proves the database is fit for a run that will send traffic: writable (a read-only file or directory, a lock
   * held elsewhere or a full disk fail here) and undamaged (`PRAGMA quick_check`). Migrations were applied by
   * openStore. Call it before the first packet, so a problem costs the user nothing.
   */
  async preflight(): Promise<void> {
    await checkWritable(this.#handle);
    await checkIntegrity(this.#handle);
  }

  /** Stores a whole scan in one transaction and returns the device of each host and what changed. */
  recordScan(input: RecordScanInput): Promise<RecordScanResult> {
    return withWriteTransaction(this.#handle, 'record a scan in', async (trx) => {
      validateScan(input);
      return recordScanHosts(trx, await insertScan(trx, input), input);
    });
  }

  /** Starts a scan that is recorded while it runs: each host is kept as it finishes (see ScanSession). */
  beginScan(request: BeginScanInput): Promise<ScanSession> {
    return ScanSession.begin(this.#handle, request);
  }

  /**
   * Records what one of the home's sources knows (Pi-hole's network table, DHCP leases, UniFi, Home Assistant, …)
   * in one transaction: each fact keeps its source, and a sighting with an address becomes, or enriches, an
   * inventory device ("not scanned yet" until a scan sees it).
   */
  recordSightings(sightings: readonly SourceSighting[]): Promise<RecordSightingsResult> {
    return withWriteTransaction(this.#handle, 'record source sightings in', (trx) => recordSightings(trx, sightings));
  }

  /** Every device with its latest facts, score and finding counts. */
  devices(): Promise<DeviceSummary[]> {
    return readWith(this.#handle, 'list devices from', (db) => listDevices(db));
  }

  /** One device by id, name, current address or MAC; undefined when none matches. */
  device(ref: string): Promise<DeviceDetail | undefined> {
    return readWith(this.#handle, 'look up a device in', (db) => findDevice(db, ref));
  }

  /** Findings of each device's latest scan, worst first. */
  findings(filter: FindingFilter = {}): Promise<StoredFinding[]> {
    return readWith(this.#handle, 'list findings from', (db) => latestFindings(db, filter));
  }

  /** Scans, newest first. */
  scans(options: { limit?: number } = {}): Promise<ScanSummary[]> {
    return readWith(this.#handle, 'list scans from', (db) => listScans(db, options.limit ?? 100));
  }

  /** Every observation of a device, oldest first. */
  observations(deviceId: string): Promise<ObservationEntry[]> {
    return readWith(this.#handle, 'read the history of a device from', (db) => observationHistory(db, deviceId));
  }

  /** Configuration snapshots of a device taken at or after `sinceMs`, oldest first. */
  configSnapshots(deviceId: string, sinceMs = 0): Promise<ConfigSnapshot[]> {
    return readWith(this.#handle, 'read configuration snapshots from', (db) => configSnapshots(db, deviceId, sinceMs));
  }

  /** Closes the connection; every repository of this store goes with it. */
  async close(): Promise<void> {
    await this.#handle.db.destroy();
  }
}

/**
 * Opens the database at `file` (see resolveDbPath): creates it privately, applies pending migrations and records
 * scans whose process died mid-scan as interrupted, when writable; takes group and other permissions away from an
 * existing file and says so once (see tightenFileMode). Read-only stores never create, migrate or
 * record anything. Open one Store per process and hand it to everything that needs the database.
 */
export async function openStore(file: string, options: OpenStoreOptions = {}): Promise<Store> {
  const handle = openDatabase(file, options);
  try {
    await migrate(handle);
    // Only now that the file is known to be iotwarden's: another program's database is left as it was.
    const tightened = tightenFileMode(file);
    if (tightened) noticeTo(options)(tightened);
    if (!handle.readonly) {
      for (const scan of await recoverInterruptedScans(handle)) {
        noticeTo(options)(
          `scan ${scan.scanId} was interrupted before it finished; kept the ${scan.hosts} host(s) it had inspected`,
        );
      }
    }
  } catch (error) {
    await handle.db.destroy();
    throw error;
  }
  return new Store(handle);
}
