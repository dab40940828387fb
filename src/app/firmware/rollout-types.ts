import type { HostFacts } from '../../families/facts.ts';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import type { RolloutRepository } from '../../store/rollout-repository.ts';
import type { ApplyEnvironment, ApplyResult } from './apply-types.ts';
import type {
  AuditActor,
  FirmwareAction,
  FirmwareDevice,
  FirmwarePolicy,
  FirmwareState,
  HeldRiskAlert,
} from './types.ts';

/** A device the rollout may update: who it is, its firmware state, and the facts of its latest scan. */
export interface RolloutCandidate {
  device: FirmwareDevice;
  state: FirmwareState;
  facts: HostFacts;
}

export interface RolloutOptions {
  rollouts: RolloutRepository;
  /** Holds and the audit log (4A's firmware tables). */
  firmware: FirmwareRepository;
  /** Every device with its firmware state, read fresh at the start of each run. */
  candidates: () => Promise<RolloutCandidate[]>;
  /** The policy with the current holds; asked again before every install (a failed canary adds a hold). */
  policy: () => Promise<FirmwarePolicy>;
  apply: ApplyEnvironment;
  actor: AuditActor;
  /** `--now`: install outside the maintenance window. Holds, notify, decisions and canaries still apply. */
  now: boolean;
  /** `--device`: only these devices (by id). */
  onlyDevices?: ReadonlySet<string>;
  /** How long the automatic hold after a failed device lasts. Default 30 days. */
  autoHoldDays?: number;
  /** Told about each device step as it ends (the dashboard shows rollout steps live). */
  onStep?: (entry: RolloutEntry) => void;
  /** Stores the post-update scan of a device in the inventory, so status and reports see the new version. */
  recordFacts?: (facts: HostFacts, ports: readonly number[]) => Promise<void>;
}

/** What happened to one device in one run. */
export type RolloutAction =
  /** Installed, verified and healthy (or found already current). */
  | 'updated'
  /** Installed, but it failed: the rest of its model is held. */
  | 'failed'
  /** Policy does not allow an install now (window, notify, hold, decision needed). */
  | 'not-allowed'
  /** Allowed, but waiting for its model's canary or soak period. */
  | 'waiting'
  /** Could not be started (credentials, unreachable) or is not supported: the device is unchanged. */
  | 'not-started'
  /** Stopped because another device of its model failed. */
  | 'stopped';

export interface RolloutEntry {
  deviceId: string;
  name: string;
  model: string | undefined;
  action: RolloutAction;
  decision: FirmwareAction;
  /** One or two plain sentences. */
  reason: string;
  result?: ApplyResult;
  /** What the owner can do (after a failure, or when a decision is needed). */
  options: string[];
  role?: 'canary' | 'rest';
}

export interface RolloutReport {
  entries: RolloutEntry[];
  /** Models whose rollout stopped in this run, with the automatic hold. */
  halted: Array<{ model: string; reason: string; holdUntil: string }>;
  /** Held devices whose update fixes a critical or high CVE: both risks side by side. */
  alerts: Array<{ deviceId: string; name: string; alert: HeldRiskAlert }>;
}
