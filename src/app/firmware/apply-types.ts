import type { CredentialLookup } from '../../families/device-adapter.ts';
import type { Evidence, HostFacts } from '../../families/facts.ts';
import type { FirmwareInstaller } from '../../families/installer.ts';
import type { PortResolver } from '../../net/port-overrides.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import type { HealthReport, HostRescanner } from './health-check.ts';
import type { PostureDelta } from './posture-delta.ts';

/** One device to update, as the latest scan saw it. */
export interface ApplyTarget {
  deviceId: string;
  /** The owner's name for it, for sentences. */
  name: string;
  /** The facts of the latest scan: what the health check compares against. */
  before: HostFacts;
  /** The version policy decided to install, when known (Hue bridges do not say). */
  targetVersion: string | undefined;
}

/** Everything applying an update needs from outside: network seams, credentials, clock and bounds. */
export interface ApplyEnvironment {
  /** Re-read before each use: a device's ports can move while it updates (lab port maps). */
  connectPort: () => PortResolver;
  credentials: CredentialLookup;
  rescan: HostRescanner;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** Per device request. Default 5000. */
  requestTimeoutMs?: number;
  /** Per device answer. Default 1 MiB. */
  maxBytes?: number;
  /** Between two looks at a rebooting device. Default 2000. */
  pollIntervalMs?: number;
  /** How long a device may take to come back. Default 10 minutes. */
  maxRebootWaitMs?: number;
  installers?: readonly FirmwareInstaller[];
}

/**
 * How applying an update ended:
 * - `updated`: installed, verified and the health check passed;
 * - `already-current`: the device already ran the target, nothing was sent;
 * - `not-supported`: iotwarden cannot install on this device (the summary says where the owner can);
 * - `not-started`: the install could not be started (credentials, unreachable, nothing offered); the device is unchanged;
 * - `failed-midway`: the device came back on its old version;
 * - `never-returned`: the device did not come back in time;
 * - `unhealthy`: the new version runs, but the local ports or protocols this home used no longer answer.
 */
export type ApplyOutcome =
  | 'updated'
  | 'already-current'
  | 'not-supported'
  | 'not-started'
  | 'failed-midway'
  | 'never-returned'
  | 'unhealthy';

/** Outcomes after which the device may be broken: they stop a rollout and hold the rest of the model. */
export const FAILED_OUTCOMES: ReadonlySet<ApplyOutcome> = new Set(['failed-midway', 'never-returned', 'unhealthy']);

export interface ApplyResult {
  outcome: ApplyOutcome;
  /** The install request went out (the device may have changed). */
  installSent: boolean;
  installer: string | undefined;
  versionBefore: string | undefined;
  versionAfter: string | undefined;
  /** Plain language: what happened. */
  summary: string;
  /** What the owner can do, when something went wrong. */
  options: string[];
  health: HealthReport | undefined;
  delta: PostureDelta | undefined;
  evidence: Evidence[];
}
