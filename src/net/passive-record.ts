import type { TargetSet } from './targets.ts';

/**
 * One host that a passive source knew about without us sending it anything: the kernel's neighbour table or a
 * DHCP server's leases. Passive sources see the whole LAN, so their records are cut to the configured targets.
 */
export interface PassiveRecord {
  address: string;
  /** `AA:BB:CC:DD:EE:FF`. */
  mac: string;
  /** `arp` (/proc/net/arp), `neigh` (`ip -j neigh`) or `dhcp:<file>`. */
  source: string;
  hostname?: string;
  /** Network interface of a neighbour entry. */
  interface?: string;
  /** Kernel neighbour state (REACHABLE, STALE, …) or DHCP binding state. */
  state?: string;
  /** Lease expiry, epoch ms; absent for infinite leases and neighbour entries. */
  expiresAt?: number;
}

/** Keeps only the records the user asked to scan: the LAN beyond the targets is out of scope. */
export function inScope(records: PassiveRecord[], targets: TargetSet): PassiveRecord[] {
  return records.filter((record) => targets.contains(record.address));
}
