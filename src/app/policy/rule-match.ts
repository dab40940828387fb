/**
 * Whether a compiled rule lets one conversation through, as the exported rulesets would decide it: the protocol
 * and port, and the peer by address or MAC, or by DNS name (the name the home's resolver gave for the address;
 * like dnsmasq's nftset, a name also covers the names below it).
 */
import ipaddr from 'ipaddr.js';
import type { CompiledRule } from './compile-policy.ts';
import type { NameResolver } from './name-resolver.ts';
import type { Direction } from './profile-types.ts';

export interface ConversationSide {
  direction: Direction;
  /** The device's own address (the client DNS answers were given to). */
  deviceAddress: string;
  peerAddress: string;
  peerMac: string | undefined;
  protocol: number;
  port: number;
}

export function ruleAllows(rule: CompiledRule, side: ConversationSide, names: NameResolver): boolean {
  if (rule.direction !== side.direction) return false;
  const portOk = rule.ports.some((p) => p.protocol === side.protocol && (p.port === undefined || p.port === side.port));
  if (!portOk) return false;
  const target = rule.target;
  if (target.kind === 'name') {
    const name = names.nameOf(side.peerAddress, side.deviceAddress);
    return name !== undefined && (name === target.name || name.endsWith(`.${target.name}`));
  }
  if (side.peerMac && target.macs.includes(side.peerMac.toLowerCase())) return true;
  return [...target.v4, ...target.v6].some((entry) => contains(entry, side.peerAddress));
}

function contains(entry: string, address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  try {
    if (!entry.includes('/')) return ipaddr.process(entry).toString() === parsed.toString();
    const [network, bits] = ipaddr.parseCIDR(entry);
    return network.kind() === parsed.kind() && parsed.match(network, bits);
  } catch {
    return false;
  }
}
