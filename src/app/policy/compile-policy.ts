/**
 * Policy document → concrete rules: each device's allow entries and defaults turned into address sets, DNS names
 * (resolved at enforcement time by dnsmasq's nftset, and from stored answers by the preview) and port matches.
 * The exports (nftables, OpenWrt, MUD) and the impact preview all read this one form, so they agree.
 */
import ipaddr from 'ipaddr.js';
import { familyById } from '../../families/index.ts';
import type { InventoryIndex, PolicyDevice } from './inventory-index.ts';
import { PolicyError } from './policy-errors.ts';
import type { AllowEntry, DefaultName, DevicePolicy, PolicyDocument } from './policy-schema.ts';
import type { Direction } from './profile-types.ts';

export interface PortMatch {
  /** 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6. */
  protocol: number;
  /** undefined: any port (and always for ICMP). */
  port: number | undefined;
}

export type RuleTarget =
  | { kind: 'name'; name: string; suffix: boolean }
  | { kind: 'addresses'; v4: string[]; v6: string[]; macs: string[] };

export interface CompiledRule {
  direction: Direction;
  target: RuleTarget;
  ports: PortMatch[];
  /** Where it comes from: `allow[2]`, `default dns`, `default firmware`. */
  origin: string;
  /** How it reads: `api.vendor.example`, `role home-assistant`, `192.168.1.1 (router)`. */
  label: string;
}

export interface CompiledDevice {
  device: PolicyDevice;
  mode: DevicePolicy['mode'];
  rules: CompiledRule[];
}

export interface CompiledPolicy {
  devices: CompiledDevice[];
  warnings: string[];
}

/** RFC 1918 and the limited broadcast: where DHCP (and DNS, when no router role is set) may go. */
const LOCAL_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '255.255.255.255'];
const LOCAL_V6 = ['fc00::/7', 'fe80::/10'];
const BUILT_IN_ROLES = new Set(['same-model']);

export function compilePolicy(document: PolicyDocument, index: InventoryIndex): CompiledPolicy {
  const warnings: string[] = [];
  const seen = new Set<string>();
  const devices = document.devices.map((policy, d) => {
    const device = index.resolve(policy.device);
    if (!device) {
      throw new PolicyError('ERR_POLICY_DEVICE', `devices[${d}]: no device "${policy.device}" in the inventory`);
    }
    if (seen.has(device.id)) {
      throw new PolicyError('ERR_POLICY_DEVICE', `devices[${d}]: "${policy.device}" has a policy already`);
    }
    seen.add(device.id);
    const rules = [
      ...policy.defaults.flatMap((name) => defaultRules(name, device, index, warnings)),
      ...policy.allow.map((entry, a) => allowRule(entry, `allow[${a}]`, device, index, warnings)),
    ];
    return { device, mode: policy.mode, rules };
  });
  devices.sort((a, b) => a.device.id.localeCompare(b.device.id));
  return { devices, warnings: [...new Set(warnings)] };
}

function allowRule(
  entry: AllowEntry,
  origin: string,
  device: PolicyDevice,
  index: InventoryIndex,
  warnings: string[],
): CompiledRule {
  const ports = entry.ports.map(parsePort);
  const base = { direction: entry.direction, ports, origin };
  if (entry.name !== undefined)
    return { ...base, target: { kind: 'name', name: entry.name, suffix: false }, label: entry.name };
  if (entry.suffix !== undefined) {
    return { ...base, target: { kind: 'name', name: entry.suffix, suffix: true }, label: `*.${entry.suffix}` };
  }
  if (entry.cidr !== undefined) return { ...base, target: addresses([entry.cidr], []), label: entry.cidr };
  if (entry.device !== undefined) {
    const peer = index.resolve(entry.device);
    if (!peer) throw new PolicyError('ERR_POLICY_DEVICE', `${device.name} ${origin}: no device "${entry.device}"`);
    return { ...base, target: addresses([peer.address], peer.mac ? [peer.mac] : []), label: peer.name };
  }
  const role = entry.role ?? '';
  return { ...base, target: roleTarget(role, device, index, warnings), label: `role ${role}` };
}

function roleTarget(role: string, device: PolicyDevice, index: InventoryIndex, warnings: string[]): RuleTarget {
  if (role === 'same-model') {
    const peers = index.devices.filter(
      (d) => d.id !== device.id && (device.model ? d.model === device.model : !!d.family && d.family === device.family),
    );
    return addresses(
      peers.map((p) => p.address),
      peers.flatMap((p) => (p.mac ? [p.mac] : [])),
    );
  }
  const members = index.role(role);
  if (!members) {
    if (!BUILT_IN_ROLES.has(role) && !['router', 'home-assistant', 'owner-devices'].includes(role)) {
      throw new PolicyError('ERR_POLICY_ROLE', `role "${role}" is not defined: add it to iotwarden.yaml roles:`);
    }
    warnings.push(`role "${role}" is not set in iotwarden.yaml roles: its entries match nothing`);
    return addresses([], []);
  }
  return addresses(
    [...members.devices.map((d) => d.address), ...members.addresses],
    members.devices.flatMap((d) => (d.mac ? [d.mac] : [])),
  );
}

function defaultRules(
  name: DefaultName,
  device: PolicyDevice,
  index: InventoryIndex,
  warnings: string[],
): CompiledRule[] {
  const origin = `default ${name}`;
  const out = (target: RuleTarget, ports: PortMatch[], label: string): CompiledRule => ({
    direction: 'outbound',
    target,
    ports,
    origin,
    label,
  });
  switch (name) {
    case 'dhcp':
      return [out(addresses([...LOCAL_V4, 'ff02::1:2'], []), [udp(67), udp(547)], 'DHCP')];
    case 'dns':
    case 'ntp': {
      const router = index.role('router');
      if (!router) warnings.push('no router in iotwarden.yaml roles: DNS and NTP defaults allow any local address');
      const target = router
        ? roleTarget('router', device, index, warnings)
        : addresses([...LOCAL_V4.slice(0, 3), ...LOCAL_V6], []);
      const ports = name === 'dns' ? [udp(53), tcp(53)] : [udp(123)];
      return [out(target, ports, router ? `router ${name.toUpperCase()}` : `local ${name.toUpperCase()}`)];
    }
    case 'mdns':
      return [out(addresses(['224.0.0.251', 'ff02::fb'], []), [udp(5353)], 'mDNS')];
    case 'ssdp':
      return [out(addresses(['239.255.255.250', 'ff02::c'], []), [udp(1900)], 'SSDP')];
    case 'firmware':
      return firmwareRules(device, index, warnings);
  }
}

/** The vendor's update servers (the family descriptor's `updateEndpoints`), or the local role that pushes updates. */
function firmwareRules(device: PolicyDevice, index: InventoryIndex, warnings: string[]): CompiledRule[] {
  const endpoints = familyById(device.family)?.updateEndpoints;
  if (!endpoints) return [];
  const origin = 'default firmware';
  const rules: CompiledRule[] = endpoints.names.map((n) => ({
    direction: 'outbound',
    target: { kind: 'name', name: n.name, suffix: n.suffix },
    ports: endpoints.ports.map((p) => tcp(p.port)),
    origin,
    label: n.suffix ? `*.${n.name}` : n.name,
  }));
  if (endpoints.localRole) {
    rules.push({
      direction: 'inbound',
      target: roleTarget(endpoints.localRole, device, index, warnings),
      // ESPHome native OTA: 3232 on ESP32, 8266 on ESP8266 (esphome.io ota component).
      ports: [tcp(3232), tcp(8266)],
      origin,
      label: `role ${endpoints.localRole}`,
    });
  }
  return rules;
}

/**
 * The family of each address or CIDR text seen, so the same router or Home Assistant address named in every device's
 * rules is parsed once (ipaddr.js parsing was the largest part of compiling a 250-device policy: bench:policy).
 * Bounded: emptied at ADDRESS_KIND_CACHE_SIZE.
 */
const addressKinds = new Map<string, 'ipv4' | 'ipv6' | 'invalid'>();
const ADDRESS_KIND_CACHE_SIZE = 65_536;

function addressKind(text: string): 'ipv4' | 'ipv6' | 'invalid' {
  let kind = addressKinds.get(text);
  if (kind === undefined) {
    const host = text.split('/')[0] ?? '';
    kind = ipaddr.isValid(host) ? ipaddr.parse(host).kind() : 'invalid';
    if (addressKinds.size >= ADDRESS_KIND_CACHE_SIZE) addressKinds.clear();
    addressKinds.set(text, kind);
  }
  return kind;
}

function addresses(list: readonly string[], macs: readonly string[]): RuleTarget {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const text of list) {
    const kind = addressKind(text);
    if (kind !== 'invalid') (kind === 'ipv4' ? v4 : v6).push(text);
  }
  return { kind: 'addresses', v4: unique(v4), v6: unique(v6), macs: unique(macs.map((m) => m.toLowerCase())) };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}

export function parsePort(text: string): PortMatch {
  if (text === 'icmp') return { protocol: 1, port: undefined };
  if (text === 'icmpv6') return { protocol: 58, port: undefined };
  const [protocol, port] = text.split('/');
  return { protocol: protocol === 'tcp' ? 6 : 17, port: port === 'any' ? undefined : Number(port) };
}

function udp(port: number): PortMatch {
  return { protocol: 17, port };
}

function tcp(port: number): PortMatch {
  return { protocol: 6, port };
}
