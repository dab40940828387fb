import { describe, expect, it } from 'vitest';
import type { Rollout, RolloutStep, StepState } from '../../store/rollout-repository.ts';
import { canaryGate, isCanary, policyAllows, soakUntilMs } from './rollout-gate.ts';
import type { FirmwareAction, FirmwareDecision } from './types.ts';

function step(deviceId: string, state: StepState, finishedMs?: number): RolloutStep {
  return {
    deviceId,
    position: 0,
    role: 'rest',
    state,
    fromVersion: undefined,
    toVersion: undefined,
    startedMs: undefined,
    finishedMs,
    outcome: undefined,
    summary: undefined,
    beforeFacts: undefined,
  };
}

function rollout(steps: RolloutStep[], soakMs = 1000): Rollout {
  return {
    id: 1,
    modelKey: 'shelly|SHSW-1',
    vendor: 'Shelly',
    model: 'SHSW-1',
    targetVersion: undefined,
    state: 'active',
    canaryCount: 1,
    soakMs,
    soakUntilMs: undefined,
    createdMs: 0,
    haltedReason: undefined,
    steps,
  };
}

describe('rollout gates', () => {
  it('lets policy install only for install, or wait-window with --now', () => {
    const actions: FirmwareAction[] = [
      'install',
      'wait-window',
      'notify',
      'held',
      'decision-needed',
      'up-to-date',
      'unknown',
    ];
    const allowed = (now: boolean) => actions.filter((action) => policyAllows({ action } as FirmwareDecision, now));
    expect(allowed(false)).toEqual(['install']);
    expect(allowed(true)).toEqual(['install', 'wait-window']);
  });

  it('holds the rest until the canary succeeded and soaked', () => {
    const pending = rollout([step('a', 'pending'), step('b', 'pending')]);
    expect(canaryGate(pending, pending.steps[0] as RolloutStep, 0)).toEqual({ open: true });
    expect(canaryGate(pending, pending.steps[1] as RolloutStep, 0)).toMatchObject({ open: false });
    const soaking = rollout([step('a', 'succeeded', 5000), step('b', 'pending')]);
    expect(soakUntilMs(soaking)).toBe(6000);
    expect(canaryGate(soaking, soaking.steps[1] as RolloutStep, 5999)).toMatchObject({ open: false });
    expect(canaryGate(soaking, soaking.steps[1] as RolloutStep, 6000)).toEqual({ open: true });
    const failed = rollout([step('a', 'failed', 5000), step('b', 'pending')]);
    expect(canaryGate(failed, failed.steps[1] as RolloutStep, 10 ** 9)).toMatchObject({ open: false });
  });

  it('hands the canary role to the next device when the canary left the rollout', () => {
    const skipped = rollout([step('a', 'skipped'), step('b', 'pending'), step('c', 'pending')]);
    expect(isCanary(skipped, skipped.steps[1] as RolloutStep)).toBe(true);
    expect(canaryGate(skipped, skipped.steps[1] as RolloutStep, 0)).toEqual({ open: true });
    expect(canaryGate(skipped, skipped.steps[2] as RolloutStep, 0)).toMatchObject({ open: false });
  });
});
