import type { z } from 'zod';
import type { FamilyId } from '../../families/index.ts';
import type { Clock } from '../../util/clock.ts';
import type { DeviceHost } from './device-host.ts';

/**
 * The lab's own kinds: devices iotwarden recognises by their services rather than through a family, DNS sinkholes,
 * and a device that lies. Family kinds come from the families table (src/lab/kinds.ts).
 */
export const LAB_KINDS = [
  'ip-camera',
  'nas',
  'router',
  'cloud-device',
  'trusted-device',
  'hostile',
  'pihole',
  'adguard',
] as const;
export type LabKind = (typeof LAB_KINDS)[number];

/** A scenario kind: a family id (`shelly-gen1`) or one of the lab's own kinds. */
export type DeviceKind = FamilyId | LabKind;

/** One mDNS service instance a device announces (RFC 6763): answered to unicast queries on port 5353. */
export interface MdnsService {
  /** Service type with protocol, e.g. `_http._tcp`, `_shelly._tcp`, `_hue._tcp`. */
  type: string;
  /** Instance name, e.g. `shellyplus1pm-a8032ab12345`. */
  instance: string;
  /** Host name without `.local`, e.g. `shellyplus1pm-a8032ab12345`. */
  host: string;
  port: number;
  txt: Record<string, string>;
  /** IPv6 addresses announced as AAAA records beside the A record (a link-local EUI-64 one, as Nanoleaf's). */
  ipv6?: readonly string[];
}

/** One SSDP answer a device gives to a unicast M-SEARCH (UPnP Device Architecture 2.0 §1.3.3). */
export interface SsdpAnswer {
  /** Search target this answers: `upnp:rootdevice`, a device type URN, or `ssdp:all` matches all. */
  st: string;
  usn: string;
  /** Absolute URL of the description document, using the device's real (unshifted) port. */
  location: string;
  server: string;
  /** Extra headers, e.g. `hue-bridgeid`. */
  extraHeaders?: Record<string, string>;
}

/** Everything a simulator gets when it is built. */
export interface SimulatorInit<Settings> {
  name: string;
  address: string;
  /** MAC as `AA:BB:CC:DD:EE:FF`, unique per device in a scenario (the lab assigns one when the scenario does not). */
  mac: string;
  settings: Settings;
  /** The parsed JSON of `fixture:` when the scenario names one. */
  fixture: unknown;
  host: DeviceHost;
  clock: Clock;
}

/** A running simulated device. It keeps state: writes change what later reads return. */
export interface DeviceSimulator {
  /** Binds the device's ports through its DeviceHost. */
  start(): Promise<void>;
  /** Releases everything; must be safe to call twice. */
  stop(): Promise<void>;
  /** Unicast mDNS answers (empty when the real device does not speak mDNS). */
  mdnsServices(): MdnsService[];
  /** SSDP answers (empty when the real device does not speak SSDP). */
  ssdpAnswers(): SsdpAnswer[];
}

/**
 * A kind of device the lab can simulate: the schema of its kind-specific scenario settings, and a factory.
 * Settings schemas are strict, so a typo in a scenario is an error and not a silently ignored key.
 */
export interface SimulatorKind<Schema extends z.ZodType = z.ZodType> {
  kind: DeviceKind;
  settings: Schema;
  create(init: SimulatorInit<z.infer<Schema>>): DeviceSimulator;
  /** The MAC a fixture of this kind records, if any (the lab keeps its vendor prefix). */
  macFromFixture?(fixture: unknown): string | undefined;
}
