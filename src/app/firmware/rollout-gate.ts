import type { Rollout, RolloutStep } from '../../store/rollout-repository.ts';
import type { FirmwareDecision } from './types.ts';

/**
 * The two gates every install passes, kept pure so the policy matrix can be read off them: the policy's decision
 * (with `--now` only lifting the maintenance window), and the rollout's canary order and soak period.
 */

/** Policy allows installing now: `install` inside the window, or `wait-window` with `--now`. Nothing else ever. */
export function policyAllows(decision: FirmwareDecision, now: boolean): boolean {
  return decision.action === 'install' || (decision.action === 'wait-window' && now);
}

/** Policy will install this device at some point without a person deciding (so it belongs in a rollout). */
export function policyWillInstall(decision: FirmwareDecision): boolean {
  return decision.action === 'install' || decision.action === 'wait-window';
}

export type CanaryGate = { open: true } | { open: false; reason: string };

const when = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/:\d\d\.\d+Z$/, 'Z')
    .replace('T', ' ');

/**
 * The steps acting as canaries: the first `canaryCount` steps that were not skipped. A canary that left the
 * rollout (no longer in the inventory, now held, not supported) hands its role to the next device in line, so
 * the rest is never stuck behind a device that will not update.
 */
export function canaryStepsOf(rollout: Rollout): RolloutStep[] {
  return rollout.steps.filter((s) => s.state !== 'skipped').slice(0, rollout.canaryCount);
}

export function isCanary(rollout: Rollout, step: RolloutStep): boolean {
  return canaryStepsOf(rollout).some((s) => s.deviceId === step.deviceId);
}

/**
 * Whether a step may install as far as the rollout is concerned: canaries always may; the rest only after every
 * canary succeeded and the soak period since the last one has passed.
 */
export function canaryGate(rollout: Rollout, step: RolloutStep, nowMs: number): CanaryGate {
  const canaries = canaryStepsOf(rollout);
  if (canaries.some((s) => s.deviceId === step.deviceId)) return { open: true };
  const unfinished = canaries.find((s) => s.state !== 'succeeded');
  if (unfinished) {
    return { open: false, reason: `waits for the canary of its model (${unfinished.deviceId}) to update first` };
  }
  const soakUntil = soakUntilMs(rollout);
  if (soakUntil !== undefined && nowMs < soakUntil) {
    return { open: false, reason: `waits until the canary's soak period ends (${when(soakUntil)})` };
  }
  return { open: true };
}

/** When the rest of a rollout may start: the last canary's success plus the soak period. */
export function soakUntilMs(rollout: Rollout): number | undefined {
  if (rollout.soakUntilMs !== undefined) return rollout.soakUntilMs;
  const canaries = canaryStepsOf(rollout);
  if (canaries.length === 0 || canaries.some((s) => s.state !== 'succeeded' || s.finishedMs === undefined)) {
    return undefined;
  }
  return Math.max(...canaries.map((s) => s.finishedMs ?? 0)) + rollout.soakMs;
}
