import type { Kysely } from 'kysely';
import type { HostFacts } from '../families/facts.ts';
import { targetCoverage } from './coverage.ts';
import { loadKnownDevices } from './device-repository.ts';
import { assessIdentities, type ConflictReason, type KnownIdentity, observedIdentity } from './identity-merge.ts';
import type { StoreSchema } from './schema.ts';

type Db = Kysely<StoreSchema>;

/** A host of a scan that claims a known device's identity without being confirmed as it (see assessIdentities). */
export interface ScanIdentityConflict {
  /** The address of the host that claims the identity. */
  newcomer: string;
  /** The address of the host that still answers as the device, when one does. */
  original?: string;
  /** The device claimed, as the inventory knew it before this scan. */
  device: KnownIdentity;
  reason: ConflictReason;
}

/**
 * The identity conflicts among a scan's hosts, decided exactly as recording the scan will match them: against the
 * devices as they were before the scan, over all its hosts at once, with the scan's targets deciding whether a
 * device's own address was looked at.
 */
export async function scanIdentityConflicts(
  db: Db,
  hosts: readonly HostFacts[],
  targets: readonly string[],
): Promise<ScanIdentityConflict[]> {
  const known = await loadKnownDevices(db);
  const byId = new Map(known.map((d) => [d.deviceId, d]));
  const { conflicts } = assessIdentities(hosts.map(observedIdentity), known, targetCoverage(targets));
  return conflicts.map((c) => {
    const conflict: ScanIdentityConflict = {
      newcomer: hosts[c.newcomer]!.address,
      device: byId.get(c.deviceId)!,
      reason: c.reason,
    };
    if (c.original !== undefined) conflict.original = hosts[c.original]!.address;
    return conflict;
  });
}
