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
  const drafts = new Map<string, Draft>();
  const tcpByAddress = new Map(evidence.tcp.map((result) => [result.address, result]));
  const draft = (address: string): Draft => {
    let found = drafts.get(address);
    if (!found) {
      const tcp = tcpByAddress.get(address);
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
      drafts.set(address, found);
    }
    return found;
  };
  const prove = (address: string, by: AliveEvidence, source: string = by): void => {
    const found = draft(address);
    found.aliveBy.add(by);
    found.sources.add(source);
  };

  for (const result of evidence.tcp) {
    if (result.openPorts.length > 0) prove(result.address, 'tcp-open', 'tcp');
    if (result.aliveByRefusal) prove(result.address, 'tcp-refused', 'tcp');
  }
  for (const [address, udp] of evidence.udp) {
    const { host } = draft(address);
    for (const [probe, answer] of Object.entries(udp.answers ?? {})) {
      host.udp = { ...host.udp, answers: { ...host.udp.answers, [probe]: answer } };
      prove(address, `udp:${probe}`);
    }
    if (udp.ssdp) {
      host.udp.ssdp = udp.ssdp;
      prove(address, 'ssdp');
    }
    if (udp.mdns) {
      host.mdns = udp.mdns.map(({ type, instance, port, txt, ipv6 }) => ({
        type,
        instance,
        port,
        txt,
        ...(ipv6 ? { ipv6 } : {}),
      }));
      prove(address, 'mdns');
    }
    if (udp.hostname) host.hostname = udp.hostname;
  }
  for (const record of evidence.passive) {
    const found = draft(record.address);
    if (record.source.startsWith('dhcp:')) {
      found.leaseMac ??= record.mac;
      found.leaseHostname ??= record.hostname;
      if (record.expiresAt === undefined || record.expiresAt > evidence.nowMs)
        prove(record.address, 'dhcp', record.source);
    } else {
      found.neighbourMac ??= record.mac;
      prove(record.address, 'arp', record.source);
    }
  }

  const hosts: DiscoveredHost[] = [];
  for (const found of drafts.values()) {
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
  return hosts.sort(byAddress);
}

function byAddress(a: DiscoveredHost, b: DiscoveredHost): number {
  const a4 = isDottedQuad(a.address);
  const b4 = isDottedQuad(b.address);
  if (a4 && b4) return ipv4ToInt(a.address) - ipv4ToInt(b.address);
  if (a4 !== b4) return a4 ? -1 : 1;
  return a.address.localeCompare(b.address);
}
