import type { ProbeTarget } from '../families/device-adapter.ts';

/**
 * Why a host is believed to exist: `tcp-open`, `tcp-refused` (not on loopback), `udp:kasa`, `udp:tplink-smart`,
 * `ssdp`, `mdns`, `arp` (kernel neighbour table) or `dhcp` (an unexpired lease).
 */
export type AliveEvidence =
  | 'tcp-open'
  | 'tcp-refused'
  | 'udp:kasa'
  | 'udp:tplink-smart'
  | 'ssdp'
  | 'mdns'
  | 'arp'
  | 'dhcp';

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
  udp: ProbeTarget['udp'];
  mdns: ProbeTarget['mdns'];
  /** False when the scan was cancelled before this host's ports were all probed. */
  complete: boolean;
}

export type ConnectPortFn = (address: string, port: number, transport: 'tcp' | 'udp') => number;

/** The adapter-facing view of a discovered host. `connectPort` maps real ports as the lab bound them. */
export function toProbeTarget(host: DiscoveredHost, connectPort?: ConnectPortFn): ProbeTarget {
  return {
    address: host.address,
    openTcpPorts: new Set(host.openTcpPorts),
    connectPort: (port, transport = 'tcp') => (connectPort ? connectPort(host.address, port, transport) : port),
    udp: host.udp,
    mdns: host.mdns,
  };
}
