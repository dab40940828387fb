/**
 * What iotwarden knows about a device family, as data. Each family folder exports one descriptor from its
 * `family.ts`; `index.ts` lists them once, and everything family-specific (adapters, installers, advice, version
 * schemes, discovery probes, lab kinds) is derived from that list. Every field is required, so a new family that
 * forgets one does not compile: there is no silent generic fallback.
 */
import type { UdpDiscoveryProbe } from '../net/udp-probes.ts';
import type { DeviceAdapter, ProbeTarget } from './device-adapter.ts';
import type { DeviceFacts, Evidence, HostFacts, ProtocolTag } from './facts.ts';
import type { FamilyRiskProfile } from './function-category.ts';
import type { FirmwareInstaller, InstallContext, InstallDevice } from './installer.ts';
import type { FixSupport } from './setting-fix.ts';
import type { UpdateEndpoints } from './update-endpoints.ts';
import type { VersionScheme } from './version-scheme.ts';

/** A sentence list shown as the numbered steps of a finding's remediation. */
export type Steps = string[];

/** A setting whose value makes a device chatty, as `diff --peers` explains it (privacy checks). */
export interface OddSetting {
  /** Flattened config path, e.g. `sntp.server`. */
  path: string;
  /** What the device's peers of the same model use. */
  peersValue: string;
}

/**
 * Advice in the vendor's own words, one entry per topic a check may need. Commands in it name the host by address,
 * never by the device's own name: that name is untrusted text and must not end up in something a user pastes.
 */
export interface FamilyAdvice {
  /** How to put a password on the management interface (auth.no-login, auth.default-credentials, weak protocols). */
  setPassword(host: HostFacts): Steps;
  /** How to install the newest firmware. */
  update(host: HostFacts): Steps;
  /** Why plain HTTP stays and what to do about it (transport.cleartext-admin). */
  cleartext(host: HostFacts): Steps;
  /** How to switch the vendor cloud off (cloud.enabled). */
  cloudOff(host: HostFacts): Steps;
  /** What else to do when the device reaches its cloud although the cloud is off (privacy.cloud-despite-disabled). */
  phoneHome(host: HostFacts, blockStep: string, peerDiffStep: string): Steps;
  /** How to switch a debug interface off (service.debug-interface). */
  debugOff(host: HostFacts): Steps;
  /** Why a device of this family may have leaked a secret, shown before the update steps (data.credentials-exposed). */
  exposedSecret: string;
  /** The API call that puts one odd setting back, where the family documents one. */
  settingFix(host: HostFacts, setting: OddSetting): string | undefined;
}

/** The device's own automatic-update switch. */
export type AutoUpdateSupport =
  /** `unreadReason`: why the switch could not be read, shown where the check is skipped. */
  | { kind: 'switch'; unreadReason: string; steps(host: HostFacts): Steps }
  /** No local switch; the reason is shown where the check is skipped. */
  | { kind: 'none'; reason: string };

/** What `iotwarden fix auto-update` can do about the device's automatic updates. */
export type AutoUpdateFix =
  /** Switch them on through the device's own API. */
  | {
      kind: 'device-api';
      /** Returns what now happens, as the end of a sentence that starts with the device's name. */
      enable(device: InstallDevice, context: InstallContext): Promise<{ outcome: string; evidence: Evidence }>;
    }
  /** There is a switch, but only the vendor's app reaches it; `detail` says where. */
  | { kind: 'vendor-app'; detail: string }
  /** There is no switch; `detail` says how the device gets updates instead. */
  | { kind: 'none'; detail: string };

export interface FamilyFirmware {
  /** Who installs updates: the device itself through iotwarden, the vendor's app, or the owner (builds it). */
  updatedBy: 'device' | 'vendor-app' | 'owner';
  /** Installers for the device's own API, tried in order; empty when iotwarden cannot install. */
  installers: readonly FirmwareInstaller[];
  /** Where the owner installs instead, when no installer applies ("install it in the Kasa app (…)"). */
  ownerPath(device: DeviceFacts): string;
  /** Why a version known only from the catalogue cannot be pushed, in a sentence. */
  notOffered: string;
  /** The same, short, for the status table ("not offered by the plug: Kasa app"). */
  notOfferedShort: string;
  /** Why the newest version is unknown when the device does not report one (firmware.update-available skipped). */
  noLatest: string;
  autoUpdate: AutoUpdateSupport;
  autoUpdateFix: AutoUpdateFix;
}

/** How a family's devices are found before an adapter is asked. */
export interface FamilyDiscovery {
  /** TCP ports the family's devices open; scans probe them even with a short port list. */
  tcpPorts: readonly number[];
  /** mDNS service types they announce (`_shelly._tcp`). */
  mdnsTypes: readonly string[];
  /** UDP discovery probes the scan sends for this family; net/ sends them without knowing the vendor. */
  udpProbes: readonly UdpDiscoveryProbe[];
  /** Whether the adapter is worth asking about a host: cheap tests on ports, mDNS and UDP answers. */
  worthAsking(target: ProbeTarget): boolean;
}

/** Pi-hole status names (FTL get_query_status_str) the lab uses; other sources map them onto their own terms. */
export type LabQueryStatus = 'FORWARDED' | 'CACHE' | 'GRAVITY' | 'REGEX' | 'DENYLIST';

/** One DNS name a simulated device looks up, and how (src/lab/dns-traffic turns these into sinkhole rows). */
export interface LabTrafficStream {
  domain: string;
  /** Mean time between lookups. */
  periodMs: number;
  /**
   * `timer`: firmware on a schedule, period ± jitter around the clock; `human`: someone using the device, a Poisson
   * process with `periodMs` as the mean gap, only inside `activeHours`.
   */
  pattern: 'timer' | 'human';
  /** Relative jitter of a timer (0.05 = ±5 %). */
  jitter?: number;
  /** Query types sent together at each lookup (A and AAAA for dual-stack clients). Default `['A']`. */
  types?: readonly string[];
  /** What the sinkhole answered; by default forwarded, or answered from its cache on some repeats. */
  status?: LabQueryStatus;
  /** UTC hours [from, to) in which a `human` stream is active; default the whole day. */
  activeHours?: readonly [number, number];
  /** A timer that ignores the rate scale (the garage door's 1 s period must stay 1 s in the benchmark). */
  fixedRate?: boolean;
}

/** One output channel as a device's local API reports it: a relay, a cover (roller shutter) or a light. */
export interface ControlChannel {
  /** The device's own name for it: `relay:0`, `roller:0`, `light:0` (Shelly Gen1), `switch:0`, `cover:0` (Gen2+). */
  id: string;
  kind: 'relay' | 'cover' | 'light';
  /** Whether a relay or light is on. */
  on?: boolean;
  /** A cover's position in percent, when the device knows it. */
  position?: number;
  /** A cover's state word as the device says it (`stop`, `open`, `closing`, `stopped`, …). */
  state?: string;
  /** A light's brightness in percent. */
  brightness?: number;
}

/** A device's control state now: its channels, and the exchange they were read from. */
export interface ControlState {
  channels: ControlChannel[];
  evidence: Evidence;
}

/**
 * Reading a device's control state (relays, covers, lights) through its local API: what firmware and fix health
 * checks compare before and after, to prove the device can still be controlled (issue 10). Read-only: a health
 * check never switches a customer's relay.
 */
export interface ControlCapability {
  /**
   * The channels now; undefined when the device has none (a gas sensor). Throws the family's device errors when
   * the device cannot be read (DeviceAuthError without working credentials, unreachable, a malformed answer).
   */
  read(device: InstallDevice, context: InstallContext): Promise<ControlState | undefined>;
}

/** How the lab simulates the family (the simulator itself lives in the family's `simulator/` folder). */
export interface FamilyLab {
  /** Older scenario kind names that still work (`kasa-iot` for `kasa-legacy`). */
  kindAliases: readonly string[];
  /** What a simulated device of this family looks up, given its scenario settings. */
  traffic(settings: Readonly<Record<string, unknown>>): readonly LabTrafficStream[];
}

/** Per protocol tag the family speaks: how to name it, its port, and the service name shown for that port. */
export interface ProtocolInfo {
  label: string;
  port: number;
  service?: string;
}

/** Advice, firmware and version handling: what every device has, identified by a family or not. */
export interface DeviceProfile {
  nouns: { one: string; many: string };
  versionScheme: VersionScheme;
  advice: FamilyAdvice;
  firmware: FamilyFirmware;
  /** Whether the family's devices show their cloud setting locally (cloud.enabled is skipped, not passed, if unread). */
  cloudSettingReadable: boolean;
}

/** One device family. See docs/architecture.md, "adding a family". */
export interface FamilyDescriptor<Id extends string = string> extends DeviceProfile {
  id: Id;
  /**
   * What data files, credentials and stable device ids call the vendor's devices: `shelly` covers both Shelly
   * families, `kasa` both TP-Link ones. The signed firmware catalogue and the shipped advisory data use these names.
   * The set of lines is derived from the table (`ProductLine` in index.ts).
   */
  line: string;
  /** The maker's name as findings show it (`Shelly`, `TP-Link`, `Philips Hue`). */
  vendor: string;
  /** IEEE OUIs the family's devices ship with (MA-L, `E8:DB:84`); the first is the lab's default. */
  ouis: readonly string[];
  discovery: FamilyDiscovery;
  adapter: DeviceAdapter;
  protocols: Partial<Record<ProtocolTag, ProtocolInfo>>;
  /** Shelly generation and the like, for data entries that name one; undefined where the family has none. */
  generation(device: DeviceFacts): number | undefined;
  /**
   * Where the family's devices fetch firmware updates (the zero-trust defaults allow these); undefined where no
   * source names them, so a confined device of the family gets no default firmware allowance.
   */
  updateEndpoints: UpdateEndpoints | undefined;
  /** Home Assistant's integration domain for the family (`shelly`, `tplink`, `hue`). */
  homeAssistant: { integration: string };
  /**
   * How to read the control state of the family's devices, or undefined where iotwarden has no reader yet.
   * Required, so every family decides explicitly.
   */
  control: ControlCapability | undefined;
  /** What the family's devices are and how they work without the cloud, for the risk register and `advise`. */
  risk: FamilyRiskProfile;
  /**
   * The settings `iotwarden fix` changes through the device's own API, and the manual steps for findings no API
   * fixes (issue 13). `NO_FIXES` where the family changes nothing: every finding then keeps its own advice.
   */
  fixes: FixSupport;
  lab: FamilyLab;
}
