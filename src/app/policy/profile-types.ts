/**
 * A device's learned communication profile: whom it talks to, on which protocol and port, in which direction, how
 * often and on how many days. It is what the policy is generated from and what the impact preview compares with.
 * The shape is stored as JSON (store/traffic-profile-repository.ts); keep it stable and sorted so versions diff.
 */

/** The other side of a conversation, as precise as the data allows. */
export type ProfilePeer =
  /** An internet destination named by a DNS answer the device (or anyone) received. */
  | { kind: 'name'; name: string }
  /** Several names under one parent (a CDN or a vendor's server pool), folded into `*.suffix`. */
  | { kind: 'suffix'; suffix: string; names: string[] }
  /** An internet address no DNS answer names. */
  | { kind: 'address'; address: string }
  /** A device of the inventory. */
  | { kind: 'device'; deviceId: string; name: string; roles: string[] }
  /** A local address the inventory does not know (the router, a phone that was never scanned). */
  | { kind: 'local'; address: string; roles: string[] }
  /** A multicast or broadcast group (mDNS 224.0.0.251:5353, SSDP 239.255.255.250:1900). */
  | { kind: 'group'; address: string };

export type Direction = 'outbound' | 'inbound';

export interface ProfileEntry {
  /** `outbound`: the device opened it; `inbound`: the peer did. */
  direction: Direction;
  peer: ProfilePeer;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP). */
  protocol: number;
  /** The responder's port; 0 for protocols without ports. */
  port: number;
  flows: number;
  days: number;
  firstMs: number;
  lastMs: number;
}

export interface TrafficProfile {
  deviceId: string;
  deviceName: string;
  family: string | undefined;
  model: string | undefined;
  entries: ProfileEntry[];
}

/** A stable key of the peer, for diffs and events: `name:api.vendor.example`, `device:dev-1`, … */
export function peerKey(peer: ProfilePeer): string {
  switch (peer.kind) {
    case 'name':
      return `name:${peer.name}`;
    case 'suffix':
      return `suffix:${peer.suffix}`;
    case 'address':
    case 'local':
    case 'group':
      return `${peer.kind}:${peer.address}`;
    case 'device':
      return `device:${peer.deviceId}`;
  }
}

/** The key of an entry: direction, peer, protocol and port. */
export function entryKey(entry: Pick<ProfileEntry, 'direction' | 'peer' | 'protocol' | 'port'>): string {
  return `${entry.direction} ${peerKey(entry.peer)} ${protocolName(entry.protocol)}/${entry.port}`;
}

const PROTOCOL_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp' };

export function protocolName(protocol: number): string {
  return PROTOCOL_NAMES[protocol] ?? String(protocol);
}

/** How a peer reads in a sentence: `api.vendor.example`, `*.shelly.cloud`, `Home Assistant (device)`. */
export function peerLabel(peer: ProfilePeer): string {
  switch (peer.kind) {
    case 'name':
      return peer.name;
    case 'suffix':
      return `*.${peer.suffix}`;
    case 'address':
    case 'group':
      return peer.address;
    case 'local':
      return peer.roles.length > 0 ? `${peer.address} (${peer.roles.join(', ')})` : peer.address;
    case 'device':
      return peer.roles.length > 0 ? `${peer.name} (${peer.roles.join(', ')})` : peer.name;
  }
}
