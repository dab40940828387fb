import type { HostFacts } from '../families/facts.ts';
import { lineOf } from '../families/index.ts';
import { usableMac } from '../net/mac.ts';

/** What a scanned host offers for recognising it again. */
export interface ObservedIdentity {
  address: string;
  mac?: string | undefined;
  /** `family:deviceId` (Shelly id, Kasa deviceId, Hue bridgeid). */
  stableId?: string | undefined;
}

/** A device already in the inventory. */
export interface KnownIdentity {
  deviceId: string;
  mac?: string | undefined;
  stableId?: string | undefined;
  lastAddress: string;
  lastSeenMs: number;
}

export type IdentityMatch =
  | { deviceId: string; matchedBy: 'mac' | 'device-id' | 'address' }
  | { deviceId: undefined; matchedBy: 'new' };

/** Reads the identity of a host: the link-layer MAC first, else the one the device reports about itself. */
export function observedIdentity(host: HostFacts): ObservedIdentity {
  const deviceId = host.device?.deviceId?.trim();
  return {
    address: host.address,
    mac: usableMac(host.mac) ?? usableMac(host.device?.mac),
    // Namespaced by product line, so a Kasa plug keeps its id when an update moves it to the newer protocol family.
    stableId: deviceId && host.device ? `${lineOf(host.device.family)}:${deviceId}` : undefined,
  };
}

/** Two facts conflict only when both sides know them and they differ. */
function agrees(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * Ties each scanned host to a known device, strongest evidence first and in separate passes, so an address-only guess
 * never takes a device that a MAC or device id claims later in the same scan (two devices swapping addresses):
 * 1. same MAC; 2. same stable device id, unless both MACs are known and differ; 3. the device last seen at this
 * address, unless a known MAC or device id says it is another device (a DHCP lease handed to a new device).
 * A device is claimed at most once per scan. Returns one match per host, in input order.
 */
export function matchIdentities(
  observed: readonly ObservedIdentity[],
  known: readonly KnownIdentity[],
): IdentityMatch[] {
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
  const unclaimed = (fits: (d: KnownIdentity) => boolean): KnownIdentity | undefined =>
    newestFirst.find((d) => !claimed.has(d.deviceId) && fits(d));

  for (const i of unresolved()) {
    const host = observed[i]!;
    if (host.mac)
      claim(
        i,
        unclaimed((d) => d.mac === host.mac),
        'mac',
      );
  }
  for (const i of unresolved()) {
    const host = observed[i]!;
    if (host.stableId)
      claim(
        i,
        unclaimed((d) => d.stableId === host.stableId && agrees(host.mac, d.mac)),
        'device-id',
      );
  }
  for (const i of unresolved()) {
    const host = observed[i]!;
    // Only the device that holds the address now counts; if it moved away in this scan, the address is free.
    const holder = newestFirst.find((d) => d.lastAddress === host.address);
    if (holder && agrees(host.mac, holder.mac) && agrees(host.stableId, holder.stableId)) claim(i, holder, 'address');
  }
  return result;
}
