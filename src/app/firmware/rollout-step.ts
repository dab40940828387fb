import type { Rollout, RolloutStep, StepState } from '../../store/rollout-repository.ts';
import { applyToDevice } from './apply-device.ts';
import { type ApplyResult, FAILED_OUTCOMES } from './apply-types.ts';
import type { RolloutCandidate, RolloutOptions } from './rollout-types.ts';
import type { AuditResult } from './types.ts';

/**
 * One device of a rollout: durable "install started" before the request leaves, the apply itself, then the step's
 * end state, the audit entries and the post-update facts in the inventory.
 */

function stepStateOf(result: ApplyResult): StepState {
  if (result.outcome === 'updated' || result.outcome === 'already-current') return 'succeeded';
  if (FAILED_OUTCOMES.has(result.outcome)) return 'failed';
  if (result.outcome === 'not-supported') return 'skipped';
  return 'pending'; // not started: the device is unchanged, a later run may try again
}

function auditResultOf(result: ApplyResult): AuditResult {
  if (result.outcome === 'updated') return 'ok';
  if (result.outcome === 'already-current') return 'skipped';
  if (result.outcome === 'not-started' || result.outcome === 'not-supported') return 'refused';
  return 'failed';
}

export async function runRolloutStep(
  options: RolloutOptions,
  rollout: Rollout,
  step: RolloutStep,
  candidate: RolloutCandidate,
  targetVersion: string | undefined,
  role: 'canary' | 'rest',
): Promise<ApplyResult> {
  const { clock } = options.apply;
  const { device } = candidate;
  const name = device.name ?? device.deviceId;
  const resume = step.state === 'install-started';
  const audit = options.firmware;
  // A resumed install compares with the device as it was when the install started, not with a later scan.
  const before = (resume ? step.beforeFacts : undefined) ?? candidate.facts;
  const result = await applyToDevice({ deviceId: device.deviceId, name, before, targetVersion }, options.apply, {
    resume,
    beforeInstall: async () => {
      const startedMs = clock.now();
      await options.rollouts.updateStep(
        rollout.id,
        step.deviceId,
        { state: 'install-started', startedMs, beforeFacts: candidate.facts },
        startedMs,
      );
      await audit.appendAudit({
        timeMs: startedMs,
        actor: options.actor,
        action: 'install',
        deviceId: device.deviceId,
        ...(device.model ? { model: device.model } : {}),
        ...(candidate.state.installed ? { beforeVersion: candidate.state.installed } : {}),
        ...(targetVersion ? { afterVersion: targetVersion } : {}),
        result: 'started',
        detail: `Installing ${targetVersion ?? 'the offered firmware'} on ${name} (${role === 'canary' ? 'canary' : 'after the canary'} of the ${device.model ?? 'model'} rollout)`,
      });
    },
  });
  const finishedMs = clock.now();
  const state = stepStateOf(result);
  await options.rollouts.updateStep(
    rollout.id,
    step.deviceId,
    {
      state,
      outcome: result.outcome,
      summary: result.summary,
      ...(result.versionAfter ? { toVersion: result.versionAfter } : {}),
      ...(state === 'pending' ? {} : { finishedMs }),
    },
    finishedMs,
  );
  await audit.appendAudit({
    timeMs: finishedMs,
    actor: options.actor,
    action: result.health ? 'health-check' : 'install',
    deviceId: device.deviceId,
    ...(device.model ? { model: device.model } : {}),
    ...(result.versionBefore ? { beforeVersion: result.versionBefore } : {}),
    ...(result.versionAfter ? { afterVersion: result.versionAfter } : {}),
    result: auditResultOf(result),
    detail: result.summary,
    data: {
      outcome: result.outcome,
      installer: result.installer,
      resumed: resume,
      delta: result.delta,
      problems: result.health?.problems ?? [],
      options: result.options,
    },
  });
  const after = result.health?.after;
  if (after && options.recordFacts) await options.recordFacts(after, result.health?.ports ?? []);
  return result;
}
