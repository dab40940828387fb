import type { Finding, Severity, SkippedCheck } from '../checks/finding.ts';
import type { DeviceFamily, HostFacts } from '../families/facts.ts';
import type { SightingFacts, SightingSource } from '../sources/sighting.ts';

/**
 * Where a scan is. Only complete scans are baselines, and only they can declare devices gone. A scan is `running`
 * from its first packet until it is recorded; `interrupted` when its process died before that (the hosts it had
 * finished are kept, as for a cancelled scan).
 */
export type ScanStatus = 'running' | 'complete' | 'cancelled' | 'failed' | 'interrupted';

/** How a recorded scan ended. */
export type FinishedScanStatus = Exclude<ScanStatus, 'running'>;

/** One host of a scan, with what the checks made of it. */
export interface HostScanResult {
  host: HostFacts;
  findings: Finding[];
  skipped: SkippedCheck[];
  /** 0-100. */
  score: number;
  /** When the host was inspected; defaults to the scan's `finishedMs`. */
  observedMs?: number;
}

export interface RecordScanInput {
  startedMs: number;
  finishedMs: number;
  /** What the user asked to scan (addresses, CIDRs). Only devices last seen inside these can be declared gone. */
  targets: string[];
  /** The port spec as given, e.g. `1-1024,8080`; closed ports are only reported for ports both scans covered. */
  ports: string;
  status: FinishedScanStatus;
  hosts: HostScanResult[];
}

/** What a scan row holds from the start, before any host is inspected. */
export interface BeginScanInput {
  startedMs: number;
  /** As in RecordScanInput. */
  targets: string[];
  ports: string;
}

/** How a host was tied to a known device; `new` when it was not. */
export type MatchReason = 'mac' | 'device-id' | 'address' | 'new';

interface ChangeBase {
  deviceId: string;
  address: string;
}
type PortRef = { transport: 'tcp' | 'udp'; port: number; service: string };
type FindingRef = { checkId: string; subject?: string; severity: Severity; title: string };

/**
 * What changed since the previous complete scan that covered the device. A cancelled or failed scan reports only
 * what it positively saw (new things); it never reports devices gone, ports closed or findings resolved.
 */
export type ScanChange =
  | (ChangeBase & { kind: 'device-new' })
  | (ChangeBase & { kind: 'device-returned'; lastSeenMs: number })
  | (ChangeBase & { kind: 'device-gone'; lastSeenMs: number })
  | (ChangeBase & { kind: 'address-changed'; from: string })
  | (ChangeBase & { kind: 'firmware-changed'; from: string | undefined; to: string | undefined })
  | (ChangeBase & PortRef & { kind: 'port-opened' | 'port-closed' })
  | (ChangeBase & FindingRef & { kind: 'finding-gained' | 'finding-resolved' });

export interface RecordScanResult {
  scanId: number;
  devices: Array<{ deviceId: string; address: string; matchedBy: MatchReason }>;
  changes: ScanChange[];
}

/** One fact source about a device: what one of the home's systems says about it, and when. */
export interface DeviceSourceFact {
  source: SightingSource;
  location: string;
  mac: string | undefined;
  address: string | undefined;
  name: string | undefined;
  facts: SightingFacts;
  firstSeenMs: number;
  lastSeenMs: number;
}

/** Where a device is and who controls it, from Home Assistant (undefined fields: HA does not say, or no HA). */
export interface DeviceContext {
  /** The room (HA area) and its floor. Untrusted. */
  area: string | undefined;
  floor: string | undefined;
  /** The Home Assistant integration that controls the device, with its config entry's title. */
  homeAssistant: { integration: string; title: string | undefined; deviceId: string | undefined } | undefined;
  /** Every source that knows the device, scan aside, with what each says. */
  sources: DeviceSourceFact[];
}

/** A device with its latest observation, as `iotwarden devices` lists it. */
export interface DeviceSummary {
  deviceId: string;
  /** The owner's name: Home Assistant's `name_by_user` when set, else the device's own, DHCP or mDNS name. */
  name: string | undefined;
  family: DeviceFamily | undefined;
  mac: string | undefined;
  address: string;
  firstSeenMs: number;
  lastSeenMs: number;
  /** 0 when no scan has seen the device yet. */
  lastScanId: number;
  /** False for a device known only from the home's sources ("not scanned yet"): its facts are what they say. */
  scanned: boolean;
  context: DeviceContext;
  score: number;
  findingCounts: Record<Severity, number>;
  /** The latest HostFacts, `device.config` included. */
  facts: HostFacts;
}

export interface DeviceDetail extends DeviceSummary {
  findings: Finding[];
  skipped: SkippedCheck[];
  addressHistory: Array<{ address: string; firstSeenMs: number; lastSeenMs: number }>;
}

export interface StoredFinding {
  deviceId: string;
  deviceName: string | undefined;
  address: string;
  scanId: number;
  finding: Finding;
}

export interface ScanSummary {
  scanId: number;
  startedMs: number;
  finishedMs: number;
  targets: string[];
  ports: string;
  status: ScanStatus;
  hostCount: number;
}

export interface ConfigSnapshot {
  scanId: number;
  takenMs: number;
  /** SHA-256 of the canonical JSON, so callers can skip identical snapshots before diffing. */
  sha256: string;
  config: unknown;
}

/** One sighting of a device in one scan. */
export interface ObservationEntry {
  scanId: number;
  address: string;
  mac: string | undefined;
  sources: string[];
  observedMs: number;
  score: number;
}
