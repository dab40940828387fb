import type { Kysely } from 'kysely';
import { type DatabaseHandle, readWith, withWriteTransaction } from './database.ts';
import type { StoreSchema, TrustOrigin } from './schema.ts';
import {
  type CredentialUse,
  deleteTrust,
  devicesFirstSeenIn,
  insertTrust,
  latestEndedScanId,
  recordUses,
  selectTrustView,
  type TrustedDeviceView,
} from './trust-queries.ts';

type Db = Kysely<StoreSchema>;

export type { CredentialUse, DeviceTrust, TrustBinding, TrustedDeviceView } from './trust-queries.ts';

/** What `trust --all-new` did with the devices first seen in the latest scan. */
export interface TrustAllNewResult {
  /** The scan whose new devices were considered; undefined when nothing was ever scanned. */
  scanId: number | undefined;
  trusted: string[];
  /** Trusted before (by the owner or a first use). */
  already: string[];
  /** Left untrusted: that scan found them in an identity conflict. */
  conflicted: string[];
}

/**
 * Which devices the owner accepted for their configured credentials, and the identity each credential is bound to
 * (migration 008). The scan's trust gate reads `view()` before its first packet and records what it used after.
 */
export class TrustRepository {
  readonly #handle: DatabaseHandle;

  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
  }

  /** Every known device with its identity and trust. */
  view(): Promise<TrustedDeviceView[]> {
    return readWith(this.#handle, 'read device trust from', selectTrustView);
  }

  /** The trusted devices only, most recently seen first. */
  async trusted(): Promise<TrustedDeviceView[]> {
    return (await this.view()).filter((device) => device.trust !== undefined);
  }

  /** Trusts one device, bound to the identity the inventory knows; `already` when it was trusted before. */
  async trust(deviceId: string, origin: TrustOrigin, nowMs = Date.now()): Promise<{ already: boolean }> {
    const already = await this.#write('trust a device in', (db) => insertTrust(db, deviceId, origin, nowMs));
    return { already };
  }

  /** Takes a device's trust and binding away; false when it had none. */
  untrust(deviceId: string): Promise<boolean> {
    return this.#write('untrust a device in', (db) => deleteTrust(db, deviceId));
  }

  /** Binds credentials to the devices a scan used them with (first use), trusting those that were not yet. */
  recordUses(uses: readonly CredentialUse[], nowMs = Date.now()): Promise<void> {
    if (uses.length === 0) return Promise.resolve();
    return this.#write('bind credentials in', (db) => recordUses(db, uses, nowMs));
  }

  /**
   * Trusts every device first seen in the newest scan that has ended, except those that scan found in an identity
   * conflict (`conflictCheckId` names that finding), in one transaction.
   */
  trustAllNew(conflictCheckId: string, nowMs = Date.now()): Promise<TrustAllNewResult> {
    return this.#write('trust the new devices in', async (db) => {
      const scanId = await latestEndedScanId(db);
      const result: TrustAllNewResult = { scanId, trusted: [], already: [], conflicted: [] };
      if (scanId === undefined) return result;
      for (const device of await devicesFirstSeenIn(db, scanId, conflictCheckId)) {
        if (device.conflict) result.conflicted.push(device.deviceId);
        else if (await insertTrust(db, device.deviceId, 'all-new', nowMs)) result.already.push(device.deviceId);
        else result.trusted.push(device.deviceId);
      }
      return result;
    });
  }

  #write<T>(action: string, work: (db: Db) => Promise<T>): Promise<T> {
    return withWriteTransaction(this.#handle, action, work);
  }
}
