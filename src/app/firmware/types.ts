/**
 * The firmware vocabulary shared by the read side (state, catalogue, policy, plan, audit log) and the apply engine
 * (installers, rollout, scheduler). Keep these shapes stable: the apply engine builds on them.
 */
import type { Severity } from '../../checks/finding.ts';
import type { DeviceFamily, ProtocolTag } from '../../families/facts.ts';
import type { StoredHold } from '../../store/audit-types.ts';

export type {
  AuditAction,
  AuditActor,
  AuditEntry,
  AuditEntryInput,
  AuditResult,
  StoredHold,
} from '../../store/audit-types.ts';

/** Where the latest known version came from: the device itself (Shelly `update`, Hue `swupdate2`) or the catalogue. */
export type FirmwareKnowledgeSource = 'device' | 'catalogue';

/** A device as the firmware code sees it: who it is, and how this home uses it (what its integrations rely on). */
export interface FirmwareDevice {
  deviceId: string;
  name: string | undefined;
  address: string;
  family: DeviceFamily | undefined;
  vendor: string | undefined;
  model: string | undefined;
  hwVersion: string | undefined;
  mac: string | undefined;
  /** TCP ports open at the latest scan: the local APIs integrations such as Home Assistant talk to. */
  openTcpPorts: number[];
  /** Local protocols the device answered at the latest scan (`kasa-xor`, `shelly-rpc`, …). */
  protocols: ProtocolTag[];
  /** When the latest facts were observed (Unix ms). */
  observedMs: number;
  /**
   * The Home Assistant integration that controls the device, from HA's own registry (iotwarden sources import):
   * a breakage that affects it is then a fact, not an inference from open ports. Absent without HA.
   */
  homeAssistant?: { integration: string; title?: string };
}

/** An advisory (CVE) that updating from the installed version to the latest would fix. */
export interface FixedAdvisory {
  id: string;
  severity: Severity;
  title: string;
  /** The first version that fixes it, when published. */
  fixedVersion: string | null;
  sources: string[];
}

/**
 * What a firmware change breaks, in machine-readable form. `protocolChange` reads `from→to` with ProtocolTags,
 * e.g. `kasa-xor→klap`; `affects` names integrations or uses (`home-assistant-tplink`, `local-api`).
 */
export interface BreakageEffects {
  closesPorts?: number[];
  opensPorts?: number[];
  protocolChange?: string;
  removesProtocols?: ProtocolTag[];
  affects: string[];
}

/** A documented breakage: installing `version` (or later) on a matching device causes `effects`. */
export interface KnownBreakage {
  /** Stable id, used to accept a breakage in policy (`acceptBreakages`). */
  id: string;
  /** The first firmware version that carries the breakage. */
  version: string;
  effects: BreakageEffects;
  /** One plain-language sentence: what stops working. */
  summary: string;
  /** What the owner can do, in plain language. */
  options: string[];
  sources: string[];
}

/** The minimum supported firmware that applies to a device, and why. */
export interface MinimumSupported {
  /** `1.9.0`, or `a build from 2020-11-24 or later` for Shelly build-date minimums. */
  minimum: string;
  reason: string;
  source: string;
}

/** The firmware state of one device: the inventory's latest facts merged with the catalogue. */
export interface FirmwareState {
  deviceId: string;
  installed: string | undefined;
  /** The newest version known from the device or the catalogue (whichever is newer). */
  latest: string | undefined;
  latestSource: FirmwareKnowledgeSource | undefined;
  /**
   * The newest version the device itself offers (Shelly `update`, `Shelly.CheckForUpdate`, Kasa cloud list, Hue
   * `swupdate2`); undefined when it does not tell. Only what the device offers can be installed through its own API.
   */
  deviceLatest: string | undefined;
  /** The newest version the catalogue lists for this model and hardware. */
  catalogueLatest: string | undefined;
  /** Release (or build) date of the installed version, YYYY-MM-DD, when known. */
  installedReleaseDate: string | undefined;
  /** true: `latest` is newer than `installed`; undefined: either is unknown or they cannot be compared. */
  updateAvailable: boolean | undefined;
  /** The device's own auto-update switch, when it has one and tells. */
  autoUpdate: boolean | undefined;
  /** Release date (YYYY-MM-DD) of `latest`, when known. */
  releaseDate: string | undefined;
  /** Advisories the installed version is affected by and `latest` fixes, worst first. */
  cvesFixed: FixedAdvisory[];
  /** Set when the installed version is older than the oldest supported one. */
  belowMinimum: MinimumSupported | undefined;
  /** Breakages introduced after `installed` up to and including `latest`. */
  breakages: KnownBreakage[];
  /** The serial of the catalogue this state was computed with. */
  catalogueSerial: number;
  /** Plain sentences for what could not be established. */
  limitations: string[];
}

/** One device with its firmware state, as `firmwareStates()` returns them. */
export interface DeviceFirmware {
  device: FirmwareDevice;
  state: FirmwareState;
}

/** Per-device firmware policy. `auto` installs in the maintenance window; `notify` only reports; `hold` needs a reason and an end date. */
export type PolicyMode = 'auto' | 'notify' | 'hold';

/** Where a policy rule sits; more specific levels win: device > model > vendor > default. */
export type PolicyLevel = 'device' | 'model' | 'vendor' | 'default';

/** Local wall-clock times `HH:MM`; `end` before `start` means the window crosses midnight. */
export interface MaintenanceWindow {
  start: string;
  end: string;
}

/** Staged rollout for several devices of one model: `canaryCount` first, then the rest after `soakMs`. */
export interface RolloutSettings {
  canaryCount: number;
  soakMs: number;
}

/** A hold that applies to one device, wherever it was set. */
export interface EffectiveHold {
  level: PolicyLevel;
  source: 'config' | 'store';
  reason: string;
  until: string;
  /** When the hold ends (Unix ms): the start of `until` in the policy's time zone. */
  untilMs: number;
  automatic: boolean;
  /** The store row, for `firmware release`. */
  holdId?: number;
}

/** One rule as written in `iotwarden.yaml`; unset fields inherit from less specific levels. */
export interface PolicyRule {
  mode?: PolicyMode;
  reason?: string;
  until?: string;
  window?: MaintenanceWindow;
  rollout?: Partial<RolloutSettings>;
  /** Known-breakage ids (see KnownBreakage.id) the owner has accepted: they no longer stop `auto`. */
  acceptBreakages?: string[];
}

/** The whole firmware policy: config rules plus the holds set from the CLI. Build it with `loadPolicy`. */
export interface FirmwarePolicy {
  /** IANA time zone of the maintenance window and hold dates; the system's zone unless configured. */
  timeZone: string;
  default: PolicyRule & { mode: PolicyMode; window: MaintenanceWindow; rollout: RolloutSettings };
  /** Keyed by vendor name or family (`TP-Link`, `kasa`), case-insensitive. */
  vendors: Record<string, PolicyRule>;
  /** Keyed by model (`HS100(UK)`, or `HS100` for every region), case-insensitive. */
  models: Record<string, PolicyRule>;
  /** Keyed by device name, device id or MAC. */
  devices: Record<string, PolicyRule>;
  holds: readonly StoredHold[];
}

/** The policy that applies to one device right now. */
export interface ResolvedPolicy {
  mode: PolicyMode;
  /** The level whose rule (or hold) set `mode`. */
  level: PolicyLevel;
  /** Set when `mode` is `hold`. */
  hold: EffectiveHold | undefined;
  /** Holds that would apply but have expired (shown as "hold expired on …"). */
  expiredHolds: EffectiveHold[];
  window: MaintenanceWindow;
  rollout: RolloutSettings;
  acceptBreakages: string[];
  timeZone: string;
}

/** What to do about one device's firmware now. */
export type FirmwareAction =
  | 'install'
  | 'wait-window'
  | 'notify'
  | 'held'
  | 'decision-needed'
  | 'up-to-date'
  | 'unknown';

/** A breakage that hits how this home uses the device, with the plain-language explanation and the owner's options. */
export interface BreakageDecision {
  breakages: KnownBreakage[];
  /** How each breakage hits this home: "port 9999 is open at the latest scan". */
  hits: string[];
  explanation: string;
  options: string[];
}

/** A held device whose update fixes a critical or high CVE: both risks side by side. */
export interface HeldRiskAlert {
  severity: 'critical' | 'high';
  hold: EffectiveHold;
  /** Breakages the update would bring (often why it was held). */
  breakages: KnownBreakage[];
  vulnerabilities: FixedAdvisory[];
  /** "Held because …; meanwhile CVE-… (critical) stays unpatched." */
  message: string;
}

export interface FirmwareDecision {
  action: FirmwareAction;
  /** One or two plain-language sentences: why this action. */
  reason: string;
  policy: ResolvedPolicy;
  /** The version an install would bring (the state's `latest`). */
  targetVersion: string | undefined;
  /** For `wait-window` and `install`: the window start (next one, or the current one) and its end, Unix ms. */
  window: { startMs: number; endMs: number } | undefined;
  breakage: BreakageDecision | undefined;
  alert: HeldRiskAlert | undefined;
}
