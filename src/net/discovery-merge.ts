import type { AliveEvidence, DiscoveredHost } from './discovered-host.ts';
import { ipv4ToInt, isDottedQuad } from './ipv4.ts';
import { lookupMacVendor } from './mac-vendor.ts';
import type { PassiveRecord } from './passive-record.ts';
import type { HostTcpResult } from './tcp-probe-types.ts';
import type { UdpFindings } from './udp-probes.ts';

export interface DiscoveryEvidence {
  tcp: readonly HostTcpResult[];
  udp: ReadonlyMap<string, UdpFindings>;
  passive: readonly PassiveRecord[];
  /** Leases that expired before this are history, not evidence. */
  nowMs: number;
}

interface Draft {
  host: DiscoveredHost;
  aliveBy: Set<AliveEvidence>;
  sources: Set<string>;
  neighbourMac?: string;
  leaseMac?: string;
  leaseHostname?: string | undefined;
}

/** Folds TCP, UDP and passive evidence into one record per host, keeping only hosts proven to exist. */
export function mergeDiscovery(evidence: DiscoveryEvidence): DiscoveredHost[] {
  const drafts = new Drafts(evidence.tcp);
  for (const result of evidence.tcp) {
    if (result.openPorts.length > 0) drafts.prove(result.address, 'tcp-open', 'tcp');
    if (result.aliveByRefusal) drafts.prove(result.address, 'tcp-refused', 'tcp');
  }
  for (const [address, udp] of evidence.udp) drafts.addUdp(address, udp);
  for (const record of evidence.passive) drafts.addPassive(record, evidence.nowMs);
  return drafts.provenHosts().sort(byAddress);
}

/** One draft per address that any evidence named. */
class Drafts {
  readonly #drafts = new Map<string, Draft>();
  readonly #tcpByAddress: Map<string, HostTcpResult>;

  constructor(tcp: readonly HostTcpResult[]) {
    this.#tcpByAddress = new Map(tcp.map((result) => [result.address, result]));
  }

  get(address: string): Draft {
    let found = this.#drafts.get(address);
    if (!found) {
      const tcp = this.#tcpByAddress.get(address);
      const host: DiscoveredHost = {
        address,
        openTcpPorts: tcp?.openPorts ?? [],
        aliveBy: [],
        sources: [],
        udp: { answers: {} },
        mdns: [],
        complete: tcp?.complete ?? false,
      };
      found = { host, aliveBy: new Set(), sources: new Set() };
      this.#drafts.set(address, found);
    }
    return found;
  }

  prove(address: string, by: AliveEvidence, source: string = by): void {
    const found = this.get(address);
    found.aliveBy.add(by);
    found.sources.add(source);
  }

  addUdp(address: string, udp: UdpFindings): void {
    const { host } = this.get(address);
    for (const [probe, answer] of Object.entries(udp.answers ?? {})) {
      host.udp = { ...host.udp, answers: { ...host.udp.answers, [probe]: answer } };
      this.prove(address, `udp:${probe}`);
    }
    if (udp.ssdp) {
      host.udp.ssdp = udp.ssdp;
      this.prove(address, 'ssdp');
    }
    if (udp.mdns) {
      host.mdns = udp.mdns.map(({ type, instance, port, txt, host: target, ipv6 }) => ({
        type,
        instance,
        port,
        txt,
        ...(target === undefined ? {} : { host: target }),
        ...(ipv6 ? { ipv6 } : {}),
      }));
      this.prove(address, 'mdns');
    }
    if (udp.hostname) host.hostname = udp.hostname;
  }

  addPassive(record: PassiveRecord, nowMs: number): void {
    const found = this.get(record.address);
    if (record.source.startsWith('dhcp:')) {
      found.leaseMac ??= record.mac;
      found.leaseHostname ??= record.hostname;
      // An expired lease is history, not evidence; its MAC and name still help if something else proves the host.
      if (record.expiresAt === undefined || record.expiresAt > nowMs) this.prove(record.address, 'dhcp', record.source);
    } else {
      found.neighbourMac ??= record.mac;
      this.prove(record.address, 'arp', record.source);
    }
  }

  /** The hosts with any evidence of life, finished: evidence lists, MAC (and its vendor) and name. */
  provenHosts(): DiscoveredHost[] {
    const hosts: DiscoveredHost[] = [];
    for (const found of this.#drafts.values()) {
      if (found.aliveBy.size === 0) continue;
      const { host } = found;
      host.aliveBy = [...found.aliveBy];
      host.sources = [...found.sources];
      // The neighbour table is what the host uses now; a lease may be older.
      const mac = found.neighbourMac ?? found.leaseMac;
      if (mac) {
        host.mac = mac;
        const vendor = lookupMacVendor(mac)?.vendor;
        if (vendor) host.vendor = vendor;
      }
      if (!host.hostname && found.leaseHostname) host.hostname = found.leaseHostname;
      hosts.push(host);
    }
    return hosts;
  }
}

function byAddress(a: DiscoveredHost, b: DiscoveredHost): number {
  const a4 = isDottedQuad(a.address);
  const b4 = isDottedQuad(b.address);
  if (a4 && b4) return ipv4ToInt(a.address) - ipv4ToInt(b.address);
  if (a4 !== b4) return a4 ? -1 : 1;
  return a.address.localeCompare(b.address);
}
