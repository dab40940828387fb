/**
 * The one table of device families. Adding a family is one folder (see docs/architecture.md) and one line here;
 * everything family-specific elsewhere is derived from this list: the family ids and their zod enum, the adapter
 * order, the installers, the version schemes, the UDP discovery probes and the lab's simulator kinds.
 */
import type { UdpDiscoveryProbe } from '../net/udp-probes.ts';
import { cast } from './cast/family.ts';
import type { DeviceProfile, FamilyDescriptor, ProtocolInfo } from './descriptor.ts';
import type { AdapterEntry } from './device-adapter.ts';
import { esphome } from './esphome/family.ts';
import type { DeviceFacts, HostFacts, ProtocolTag } from './facts.ts';
import { genericDevice } from './generic/profile.ts';
import { hue } from './hue/family.ts';
import type { FirmwareInstaller } from './installer.ts';
import { kasaLegacy } from './kasa-legacy/family.ts';
import { kasaSmart } from './kasa-smart/family.ts';
import { lifx } from './lifx/family.ts';
import { matter } from './matter/family.ts';
import { nanoleaf } from './nanoleaf/family.ts';
import { shellyGen1 } from './shelly-gen1/family.ts';
import { shellyGen2 } from './shelly-gen2/family.ts';
import { sonos } from './sonos/family.ts';
import { tasmota } from './tasmota/family.ts';
import { tuya } from './tuya/family.ts';
import type { VersionScheme } from './version-scheme.ts';

/**
 * In the order their adapters are asked about a host: discovery hints first (a TP-Link answer, an mDNS type), so a
 * host costs one identify call where we can tell; HTTP devices without hints are told apart by each adapter's own
 * unauthenticated identification request.
 */
export const FAMILIES = [
  kasaLegacy,
  kasaSmart,
  esphome,
  hue,
  // Issue 15, part B: found by mDNS (Matter, Cast) or a port of their own (Sonos 1400, Cast 8008).
  matter,
  sonos,
  cast,
  shellyGen2,
  shellyGen1,
  tasmota,
  // Issue 15, part A: families found by their own UDP or mDNS answers.
  lifx,
  nanoleaf,
  tuya,
] as const;

export type FamilyId = (typeof FAMILIES)[number]['id'];
/** Every product line (`shelly`, `kasa`, …) a family of the table belongs to. */
export type ProductLine = (typeof FAMILIES)[number]['line'];

declare module './facts.ts' {
  /** One key per family id: what `DeviceFamily` is made of. */
  interface FamilyRegistry extends Record<FamilyId, true> {}
}
export const FAMILY_IDS = FAMILIES.map((family) => family.id) as [FamilyId, ...FamilyId[]];

/** A family's descriptor with its literal types widened, for code that treats every family alike. */
export type AnyFamily = FamilyDescriptor<FamilyId>;

const BY_ID = new Map<string, AnyFamily>(FAMILIES.map((family): [string, AnyFamily] => [family.id, family]));

/** The family a lab scenario kind simulates: its id, or an older name it still answers to (`kasa-iot`). */
export function familyByKind(kind: string): AnyFamily | undefined {
  return BY_ID.get(kind) ?? FAMILIES.find((family) => (family.lab.kindAliases as readonly string[]).includes(kind));
}

/** The descriptor of a family id; undefined for `generic` or an id no family has (an old database row). */
export function familyById(id: string | undefined): AnyFamily | undefined {
  return id === undefined ? undefined : BY_ID.get(id);
}

/** Advice, firmware and versions for a device: its family's, or the profile of a device no family identified. */
export function profileOf(device: Pick<DeviceFacts, 'family'> | undefined): DeviceProfile {
  return familyById(device?.family) ?? genericDevice;
}

/** The same, for a host (the family of its device, if one was identified). */
export function hostProfile(host: HostFacts): DeviceProfile {
  return profileOf(host.device);
}

/**
 * What data files and config may name to select devices: a product line (`shelly`: every Shelly), a family id
 * (`shelly-gen2`), or `generic`.
 */
export const FAMILY_SELECTORS = [
  ...new Set<string>([...FAMILIES.map((family) => family.line), ...FAMILY_IDS, 'generic']),
] as [ProductLine | FamilyId | 'generic', ...Array<ProductLine | FamilyId | 'generic'>];
export type FamilySelector = (typeof FAMILY_SELECTORS)[number];

/** Whether a selector from data or config (`shelly`, `kasa-smart`, `generic`) covers a device of this family. */
export function selects(selector: string, family: string | undefined): boolean {
  const id = family ?? 'generic';
  return selector === id || familyById(id)?.line === selector;
}

/** The product line of a family: what stable device ids are namespaced by (`shelly:shellyplug-s-123456`). */
export function lineOf(family: string): string {
  return familyById(family)?.line ?? family;
}

/** Every family's installers, in table order. */
export const INSTALLERS: readonly FirmwareInstaller[] = FAMILIES.flatMap((family) => family.firmware.installers);

/** The UDP discovery probes the families need, handed to net/ by the scan. */
export const FAMILY_UDP_PROBES: readonly UdpDiscoveryProbe[] = FAMILIES.flatMap((family) => family.discovery.udpProbes);

/** How people name a protocol tag, its port, and the service name shown for that port. */
export function protocolInfo(tag: ProtocolTag): ProtocolInfo | undefined {
  for (const family of FAMILIES) {
    const info = (family.protocols as Partial<Record<ProtocolTag, ProtocolInfo>>)[tag];
    if (info) return info;
  }
  return undefined;
}

/** How the devices of a family write firmware versions (semver for a device no family identified). */
export function schemeForFamily(family: string | undefined): VersionScheme {
  return (familyById(family) ?? genericDevice).versionScheme;
}

/** Every family's adapter with the condition under which it is worth asking, in table order. */
export const FAMILY_ADAPTERS: readonly AdapterEntry[] = FAMILIES.map((family) => ({
  adapter: family.adapter,
  applies: family.discovery.worthAsking,
}));
