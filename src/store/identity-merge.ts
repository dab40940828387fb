import type { HostFacts } from '../families/facts.ts';
import { lineOf } from '../families/index.ts';
import { usableMac } from '../net/mac.ts';

/** What a scanned host offers for recognising it again. */
export interface ObservedIdentity {
  address: string;
  mac?: string | undefined;
  /** `family:deviceId` (Shelly id, Kasa deviceId, Hue bridgeid). */
  stableId?: string | undefined;
  /** SHA-256 fingerprint of the TLS certificate it presented, where it has TLS. */
  tlsSha256?: string | undefined;
}

/** A device already in the inventory. */
export interface KnownIdentity {
  deviceId: string;
  /** The owner's name for it (untrusted text), for explaining conflicts. */
  name?: string | undefined;
  mac?: string | undefined;
  stableId?: string | undefined;
  tlsSha256?: string | undefined;
  lastAddress: string;
  lastSeenMs: number;
}

export type IdentityMatch =
  | { deviceId: string; matchedBy: 'mac' | 'device-id' | 'address' }
  | { deviceId: undefined; matchedBy: 'new' };

/**
 * Why a host that presents a known device's MAC or device id at a new address is not that device:
 * - `original-answers`: the device still answers at its own address, as itself;
 * - `different-mac`, `different-device-id`, `different-certificate`: the host shares one id with the device but
 *   presents another of its ids differently (a cloned MAC with its own device id, a copied id with another
 *   certificate);
 * - `move-unconfirmed`: the device's last address was not part of this scan, so nothing shows it left.
 */
export type ConflictReason =
  | 'original-answers'
  | 'different-mac'
  | 'different-device-id'
  | 'different-certificate'
  | 'move-unconfirmed';

/** A host that claims a known device's identity without being confirmed as that device. */
export interface IdentityConflict {
  /** Index (into the observed hosts) of the host that claims the identity. */
  newcomer: number;
  /** The known device it claims. */
  deviceId: string;
  reason: ConflictReason;
  /** Index of the host at the device's own address that still answers as it, when there is one. */
  original?: number;
}

export interface IdentityAssessment {
  /** One match per host, in input order; a newcomer in a conflict never matches the device it claims. */
  matches: IdentityMatch[];
  conflicts: IdentityConflict[];
}

/** Reads the identity of a host: the link-layer MAC first, else the one the device reports about itself. */
export function observedIdentity(host: HostFacts): ObservedIdentity {
  const deviceId = host.device?.deviceId?.trim();
  const identity: ObservedIdentity = {
    address: host.address,
    mac: usableMac(host.mac) ?? usableMac(host.device?.mac),
    // Namespaced by product line, so a Kasa plug keeps its id when an update moves it to the newer protocol family.
    stableId: deviceId && host.device ? `${lineOf(host.device.family)}:${deviceId}` : undefined,
  };
  const certificate = host.device?.certificate?.sha256;
  if (certificate) identity.tlsSha256 = certificate;
  return identity;
}

/** Two facts conflict only when both sides know them and they differ. */
function agrees(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** The id of `device` that `host` presents differently, when it presents one of its ids at all. */
function contradiction(host: ObservedIdentity, device: KnownIdentity): ConflictReason | undefined {
  if (!agrees(host.mac, device.mac)) return 'different-mac';
  if (!agrees(host.stableId, device.stableId)) return 'different-device-id';
  if (!agrees(host.tlsSha256, device.tlsSha256)) return 'different-certificate';
  return undefined;
}

const claimsIdentityOf = (host: ObservedIdentity, device: KnownIdentity): boolean =>
  (host.mac !== undefined && host.mac === device.mac) ||
  (host.stableId !== undefined && host.stableId === device.stableId);

/**
 * Decides, over the whole scan, which hosts that present a known device's MAC or device id at another address are
 * that device moved, and which are conflicts (issue 8: a cloned MAC must not take a device over). A move is
 * confirmed only when the device's own address does not answer as it (any host there whose ids do not contradict
 * it counts as the device still answering), every id the newcomer presents agrees with the device's, and, when
 * `covers` is given, the device's address was part of the scan.
 */
function findConflicts(
  observed: readonly ObservedIdentity[],
  known: readonly KnownIdentity[],
  covers: ((address: string) => boolean) | undefined,
): IdentityConflict[] {
  const conflicts: IdentityConflict[] = [];
  for (const device of known) {
    const away = observed.flatMap((host, i) =>
      host.address !== device.lastAddress && claimsIdentityOf(host, device) ? [i] : [],
    );
    if (away.length === 0) continue;
    const home = observed.findIndex((h) => h.address === device.lastAddress && contradiction(h, device) === undefined);
    for (const newcomer of away) {
      const reason =
        contradiction(observed[newcomer]!, device) ??
        (home >= 0 ? 'original-answers' : undefined) ??
        (covers && !covers(device.lastAddress) ? 'move-unconfirmed' : undefined);
      if (reason)
        conflicts.push({ newcomer, deviceId: device.deviceId, reason, ...(home >= 0 ? { original: home } : {}) });
    }
  }
  return conflicts;
}

/**
 * Ties each scanned host to a known device (see assessIdentities), without the conflicts. `covers` says which
 * addresses the scan looked at; without it a device's address counts as looked at.
 */
export function matchIdentities(
  observed: readonly ObservedIdentity[],
  known: readonly KnownIdentity[],
  covers?: (address: string) => boolean,
): IdentityMatch[] {
  return assessIdentities(observed, known, covers).matches;
}

/**
 * Ties each scanned host to a known device, strongest evidence first and in separate passes, so an address-only guess
 * never takes a device that a MAC or device id claims later in the same scan (two devices swapping addresses):
 * 1. same MAC; 2. same stable device id, unless both MACs are known and differ; 3. the device last seen at this
 * address, unless a known MAC or device id says it is another device (a DHCP lease handed to a new device).
 * A device is claimed at most once per scan, and never by a host in a conflict over it (findConflicts): such a host
 * is a new device, and both sides are reported. Returns one match per host, in input order.
 */
export function assessIdentities(
  observed: readonly ObservedIdentity[],
  known: readonly KnownIdentity[],
  covers?: (address: string) => boolean,
): IdentityAssessment {
  const conflicts = findConflicts(observed, known, covers);
  const barred = new Set(conflicts.map((c) => `${c.newcomer}|${c.deviceId}`));
  const newestFirst = [...known].sort((a, b) => b.lastSeenMs - a.lastSeenMs);
  const claimed = new Set<string>();
  const result: IdentityMatch[] = observed.map(() => ({ deviceId: undefined, matchedBy: 'new' }));

  const claim = (
    index: number,
    device: KnownIdentity | undefined,
    matchedBy: 'mac' | 'device-id' | 'address',
  ): void => {
    if (!device || claimed.has(device.deviceId)) return;
    claimed.add(device.deviceId);
    result[index] = { deviceId: device.deviceId, matchedBy };
  };
  const unresolved = (): number[] => observed.flatMap((_, i) => (result[i]?.deviceId === undefined ? [i] : []));
  const unclaimed = (index: number, fits: (d: KnownIdentity) => boolean): KnownIdentity | undefined =>
    newestFirst.find((d) => !claimed.has(d.deviceId) && !barred.has(`${index}|${d.deviceId}`) && fits(d));

  for (const i of unresolved()) {
    const host = observed[i]!;
    if (host.mac)
      claim(
        i,
        unclaimed(i, (d) => d.mac === host.mac),
        'mac',
      );
  }
  for (const i of unresolved()) {
    const host = observed[i]!;
    if (host.stableId)
      claim(
        i,
        unclaimed(i, (d) => d.stableId === host.stableId && agrees(host.mac, d.mac)),
        'device-id',
      );
  }
  for (const i of unresolved()) {
    const host = observed[i]!;
    // Only the device that holds the address now counts; if it moved away in this scan, the address is free.
    const holder = newestFirst.find((d) => d.lastAddress === host.address);
    if (holder && agrees(host.mac, holder.mac) && agrees(host.stableId, holder.stableId)) claim(i, holder, 'address');
  }
  return { matches: result, conflicts };
}
