/**
 * Profile → policy: turns each learned profile into allow entries the owner can read and edit. Local peers become
 * roles where iotwarden.yaml names one (`home-assistant`, `owner-devices`, `router`) or `same-model`; internet
 * destinations stay DNS names (or pool suffixes), addresses only where no DNS answer named them. What the defaults
 * cover (DHCP, DNS and NTP to the router, firmware updates, mDNS, SSDP) is not repeated as entries. The mode decides
 * what the internet part keeps: everything learned, nothing (`local-only`, for devices whose vendor says they work
 * without the internet), or only the vendor's own cloud (`camera`: cameras and microphones never reach anything else).
 */
import { sameVendor, vendorKnowledge } from '../../checks/domain-data.ts';
import type { DomainClassifier } from '../dns/classify-domain.ts';
import type { InventoryIndex, PolicyDevice } from './inventory-index.ts';
import type { AllowEntry, DefaultName, DevicePolicy, PolicyDocument } from './policy-schema.ts';
import { type ProfileEntry, protocolName, type TrafficProfile } from './profile-types.ts';

export interface GenerateInput {
  profile: TrafficProfile;
  version: number;
}

/** Evidence per allow entry, printed as comments above it (flows and days). */
export interface GeneratedPolicy {
  document: PolicyDocument;
  evidence: Map<AllowEntry, { flows: number; days: number }>;
  headers: Map<DevicePolicy, string>;
}

const MULTICAST_DEFAULTS: Record<string, DefaultName> = { '224.0.0.251 17/5353': 'mdns', 'ff02::fb 17/5353': 'mdns' };

export function generatePolicy(
  inputs: readonly GenerateInput[],
  index: InventoryIndex,
  classify: DomainClassifier,
): GeneratedPolicy {
  const evidence = new Map<AllowEntry, { flows: number; days: number }>();
  const headers = new Map<DevicePolicy, string>();
  const devices: DevicePolicy[] = [];
  for (const { profile, version } of inputs) {
    const device = index.resolve(profile.deviceId);
    if (!device) continue;
    const mode = modeOf(device);
    const defaults = new Set<DefaultName>(['dhcp', 'dns', 'ntp', 'firmware']);
    const grouped = new Map<string, { entry: AllowEntry; flows: number; days: number }>();
    for (const learned of profile.entries) {
      const group = groupDefault(learned);
      if (group) {
        defaults.add(group);
        continue;
      }
      if (coveredByDefaults(learned, index)) continue;
      const target = targetOf(learned, device, index);
      if (!target) continue;
      if (isInternet(learned) && !keepsInternet(mode, learned, device, classify)) continue;
      const key = `${learned.direction} ${JSON.stringify(target)}`;
      const found = grouped.get(key);
      const port = portText(learned);
      if (!port) continue;
      if (found) {
        if (!found.entry.ports.includes(port)) found.entry.ports.push(port);
        found.flows += learned.flows;
        found.days = Math.max(found.days, learned.days);
      } else {
        const entry: AllowEntry = { ...target, direction: learned.direction, ports: [port] };
        grouped.set(key, { entry, flows: learned.flows, days: learned.days });
      }
    }
    const allow = [...grouped.values()].map(({ entry, flows, days }) => {
      entry.ports.sort();
      evidence.set(entry, { flows, days });
      return entry;
    });
    const policy: DevicePolicy = {
      device: uniqueRef(device, index),
      mode,
      defaults: DEFAULT_ORDER.filter((name) => defaults.has(name)),
      allow,
    };
    headers.set(policy, `profile v${version} of ${device.name}: ${profile.entries.length} destinations learned`);
    devices.push(policy);
  }
  return { document: { version: 1, devices }, evidence, headers };
}

const DEFAULT_ORDER: readonly DefaultName[] = ['dhcp', 'dns', 'ntp', 'firmware', 'mdns', 'ssdp'];

/** Cameras (an RTSP service) get the camera template; devices whose vendor works offline get local-only. */
export function modeOf(device: PolicyDevice): DevicePolicy['mode'] {
  if (device.camera) return 'camera';
  return vendorKnowledge(device.vendor)?.needsInternet === 'no' ? 'local-only' : 'learned';
}

function groupDefault(entry: ProfileEntry): DefaultName | undefined {
  if (entry.peer.kind !== 'group') return undefined;
  if (entry.peer.address === '239.255.255.250' && entry.port === 1900) return 'ssdp';
  return MULTICAST_DEFAULTS[`${entry.peer.address} ${entry.protocol}/${entry.port}`];
}

/** DNS and NTP to the router, DHCP anywhere local: the defaults allow them. */
function coveredByDefaults(entry: ProfileEntry, index: InventoryIndex): boolean {
  if (entry.direction !== 'outbound') return false;
  if (entry.protocol === 17 && (entry.port === 67 || entry.port === 547)) return true;
  const router = (entry.peer.kind === 'local' || entry.peer.kind === 'device') && entry.peer.roles.includes('router');
  const dnsOrNtp = entry.port === 53 || (entry.protocol === 17 && entry.port === 123);
  return dnsOrNtp && (router || (!index.hasRole('router') && entry.peer.kind === 'local'));
}

type Target = Pick<AllowEntry, 'name' | 'suffix' | 'cidr' | 'role' | 'device'>;

function targetOf(entry: ProfileEntry, device: PolicyDevice, index: InventoryIndex): Target | undefined {
  const peer = entry.peer;
  switch (peer.kind) {
    case 'name':
      return { name: peer.name };
    case 'suffix':
      return { suffix: peer.suffix };
    case 'address':
    case 'group':
      return { cidr: peer.address };
    case 'local':
      return peer.roles[0] ? { role: peer.roles[0] } : { cidr: peer.address };
    case 'device': {
      if (peer.roles[0]) return { role: peer.roles[0] };
      const other = index.resolve(peer.deviceId);
      if (other?.model && other.model === device.model) return { role: 'same-model' };
      return other ? { device: uniqueRef(other, index) } : undefined;
    }
  }
}

function isInternet(entry: ProfileEntry): boolean {
  return entry.peer.kind === 'name' || entry.peer.kind === 'suffix' || entry.peer.kind === 'address';
}

function keepsInternet(
  mode: DevicePolicy['mode'],
  entry: ProfileEntry,
  device: PolicyDevice,
  classify: DomainClassifier,
): boolean {
  if (mode === 'learned') return true;
  if (mode === 'local-only') return false;
  const name = entry.peer.kind === 'name' ? entry.peer.name : entry.peer.kind === 'suffix' ? entry.peer.suffix : '';
  if (!name) return false;
  const classification = classify(name);
  return (
    classification.category === 'vendor-cloud' &&
    !!classification.vendor &&
    !!device.vendor &&
    sameVendor(classification.vendor, device.vendor)
  );
}

/** The entry's port as a policy writes it; undefined for protocols a policy cannot name (they stay denied). */
function portText(entry: ProfileEntry): string | undefined {
  const protocol = protocolName(entry.protocol);
  if (protocol === 'tcp' || protocol === 'udp') return `${protocol}/${entry.port}`;
  return protocol === 'icmp' || protocol === 'icmpv6' ? protocol : undefined;
}

/** The device's name when no other device has it, else its id (a policy must name one device). */
function uniqueRef(device: PolicyDevice, index: InventoryIndex): string {
  return index.nameCount(device.name) === 1 ? device.name : device.id;
}
