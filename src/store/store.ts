import { configSnapshots } from './config-snapshot-repository.ts';
import { type DatabaseHandle, type DatabaseOptions, openDatabase, withWriteTransaction } from './database.ts';
import { findDevice, listDevices } from './device-queries.ts';
import { type FindingFilter, latestFindings } from './finding-repository.ts';
import { migrate } from './migrator.ts';
import { observationHistory } from './observation-repository.ts';
import { recordScan } from './record-scan.ts';
import { listScans } from './scan-repository.ts';
import { translateSqliteError } from './sqlite-errors.ts';
import type {
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
 * The device inventory: one identity per device across scans, with its history. Every method either completes or
 * leaves the file as it was; failures are StoreErrors that name the file and say what to do.
 */
export class Store {
  #handle: DatabaseHandle;

  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
  }

  /** The database file. */
  get file(): string {
    return this.#handle.file;
  }

  /** Stores a scan in one transaction and returns the device of each host and what changed. */
  recordScan(input: RecordScanInput): Promise<RecordScanResult> {
    return withWriteTransaction(this.#handle, 'record a scan in', (trx) => recordScan(trx, input));
  }

  /** Every device with its latest facts, score and finding counts. */
  devices(): Promise<DeviceSummary[]> {
    return this.#read('list devices from', (db) => listDevices(db));
  }

  /** One device by id, name, current address or MAC; undefined when none matches. */
  device(ref: string): Promise<DeviceDetail | undefined> {
    return this.#read('look up a device in', (db) => findDevice(db, ref));
  }

  /** Findings of each device's latest scan, worst first. */
  findings(filter: FindingFilter = {}): Promise<StoredFinding[]> {
    return this.#read('list findings from', (db) => latestFindings(db, filter));
  }

  /** Scans, newest first. */
  scans(options: { limit?: number } = {}): Promise<ScanSummary[]> {
    return this.#read('list scans from', (db) => listScans(db, options.limit ?? 100));
  }

  /** Every observation of a device, oldest first. */
  observations(deviceId: string): Promise<ObservationEntry[]> {
    return this.#read('read the history of a device from', (db) => observationHistory(db, deviceId));
  }

  /** Configuration snapshots of a device taken at or after `sinceMs`, oldest first. */
  configSnapshots(deviceId: string, sinceMs = 0): Promise<ConfigSnapshot[]> {
    return this.#read('read configuration snapshots from', (db) => configSnapshots(db, deviceId, sinceMs));
  }

  async close(): Promise<void> {
    await this.#handle.db.destroy();
  }

  async #read<T>(action: string, query: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
    try {
      return await query(this.#handle.db);
    } catch (error) {
      throw translateSqliteError(error, this.#handle.file, action);
    }
  }
}

/**
 * Opens the inventory at `file` (see resolveDbPath), creating it privately and applying pending migrations when
 * writable. Read-only stores never create or migrate anything.
 */
export async function openStore(file: string, options: OpenStoreOptions = {}): Promise<Store> {
  const handle = openDatabase(file, options);
  try {
    await migrate(handle);
  } catch (error) {
    await handle.db.destroy();
    throw error;
  }
  return new Store(handle);
}
