/** What `fix apply` reports, change by change and for the home. No secret ever appears here. */
import type { Evidence } from '../../families/facts.ts';
import type { PasswordSource } from './passwords.ts';
import type { PlannedDevice } from './plan.ts';

/**
 * `done`: changed and verified; `already`: the device had the setting already (a second apply changes nothing);
 * `reverted`: it failed and the old value is back; `failed`: it failed and could not be put back (the detail says
 * exactly what state the device is in); `skipped`: not attempted (unreachable, not the same device, unreadable).
 */
export type ChangeStatus = 'done' | 'already' | 'reverted' | 'failed' | 'skipped';

export interface ChangeResult {
  device: PlannedDevice;
  fixId: string;
  checkId: string;
  setting: string;
  status: ChangeStatus;
  /** The value read before the change, when it was read. */
  before: string | undefined;
  /** The value read last. */
  after: string | undefined;
  /** One plain sentence. */
  detail: string;
  password: PasswordSource | undefined;
  /** Health-check problems that failed the change. */
  problems: string[];
  evidence: Evidence[];
}

/** A change a killed run left started, settled by reading the device. */
export interface ReconcileResult {
  device: PlannedDevice;
  fixId: string;
  /** `done`: the device shows the change; `failed`: it never arrived; `unknown`: the device could not be read. */
  status: 'done' | 'failed' | 'unknown';
  detail: string;
}

export interface DeviceScoreDelta {
  device: PlannedDevice;
  scoreBefore: number;
  scoreAfter: number;
  resolved: string[];
  gained: string[];
}

export interface FixApplyResult {
  reconciled: ReconcileResult[];
  changes: ChangeResult[];
  /** True when a failed change stopped the run before the rest of the plan. */
  stopped: boolean;
  /** Per changed device, the score from its facts before and after (the check catalogue run on both). */
  devices: DeviceScoreDelta[];
  homeScoreBefore: number;
  homeScoreAfter: number;
}
