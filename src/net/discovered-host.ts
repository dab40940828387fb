import type { MdnsServiceFinding } from './mdns-client.ts';

/**
 * Why a host is believed to exist: `tcp-open`, `tcp-refused` (not on loopback), `udp:kasa`, `udp:tplink-smart`,
 * `ssdp`, `mdns`, `arp` (kernel neighbour table) or `dhcp` (an unexpired lease).
 */
export type AliveEvidence = 'tcp-open' | 'tcp-refused' | `udp:${string}` | 'ssdp' | 'mdns' | 'arp' | 'dhcp';

/** What a host answered to UDP discovery: the vendors' probes by name, and SSDP. */
export interface UdpAnswers {
  /** Decoded answers to the vendors' probes (`kasa`, `tplink-smart`, …), by probe name. */
  answers: Readonly<Record<string, unknown>>;
  /** SSDP answer headers, lower-case names. */
  ssdp?: Array<Record<string, string>>;
}

/**
 * One mDNS service instance a host announced to a unicast query, with its SRV target host name (without `.local`)
 * where the answer carried one: some protocols build it from the link-layer address (Matter Core Specification §4.3.4),
 * and the IPv6 addresses announced for that host (Nanoleaf's EUI-64 link-local address carries its MAC).
 */
export type MdnsService = Pick<MdnsServiceFinding, 'type' | 'instance' | 'port' | 'txt' | 'host' | 'ipv6'>;

/** One host that discovery found inside the targets, with everything it answered. Ports are real port numbers. */
export interface DiscoveredHost {
  address: string;
  openTcpPorts: number[];
  aliveBy: AliveEvidence[];
  /** Where the host was seen, in detail: `tcp`, `udp:kasa`, `mdns`, `arp`, `neigh`, `dhcp:/tmp/dhcp.leases`, … */
  sources: string[];
  mac?: string;
  /** Registered vendor of the MAC (IEEE OUI registries). */
  vendor?: string;
  hostname?: string;
  udp: UdpAnswers;
  mdns: MdnsService[];
  /** False when the scan was cancelled before this host's ports were all probed. */
  complete: boolean;
}

export type ConnectPortFn = (address: string, port: number, transport: 'tcp' | 'udp') => number;

/** The adapter-facing view of a discovered host. `connectPort` maps real ports as the lab bound them. */
export function toProbeTarget(
  host: DiscoveredHost,
  connectPort?: ConnectPortFn,
): Pick<DiscoveredHost, 'address' | 'udp' | 'mdns'> & {
  openTcpPorts: ReadonlySet<number>;
  connectPort(port: number, transport?: 'tcp' | 'udp'): number;
} {
  return {
    address: host.address,
    openTcpPorts: new Set(host.openTcpPorts),
    connectPort: (port, transport = 'tcp') => (connectPort ? connectPort(host.address, port, transport) : port),
    udp: host.udp,
    mdns: host.mdns,
  };
}
