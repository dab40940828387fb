import { setMaxListeners } from 'node:events';
import type { Rollout, RolloutStep } from '../../store/rollout-repository.ts';
import { FAILED_OUTCOMES } from './apply-types.ts';
import { decide } from './policy-engine.ts';
import { holdModel } from './policy-holds.ts';
import { isoDateAt } from './policy-window.ts';
import { auditAlertOnce } from './rollout-alerts.ts';
import { canaryGate, isCanary, policyAllows, policyWillInstall, soakUntilMs } from './rollout-gate.ts';
import { notAllowedEntry, startRollouts } from './rollout-plan.ts';
import { runRolloutStep } from './rollout-step.ts';
import type { RolloutCandidate, RolloutEntry, RolloutOptions, RolloutReport } from './rollout-types.ts';

/**
 * One run of the update engine (`firmware apply`, or the scheduler in the maintenance window). It resumes
 * rollouts a previous run left (a step marked "install started" is verified, never sent again), starts rollouts for
 * models with devices policy allows to update, and walks each: canaries first, the soak period, then the rest.
 * Every install passes `decide()` at the moment it would start. A device that fails stops its model's rollout and
 * holds the model with an automatic reason.
 */
export async function runRollouts(options: RolloutOptions): Promise<RolloutReport> {
  setMaxListeners(0, options.apply.signal);
  const report: RolloutReport = { entries: [], halted: [], alerts: [] };
  const all = await options.candidates();
  const selected = options.onlyDevices ? all.filter((c) => options.onlyDevices?.has(c.device.deviceId)) : all;
  const byId = new Map(all.map((c) => [c.device.deviceId, c]));
  const policy = await options.policy();
  const nowMs = options.apply.clock.now();
  const active = await options.rollouts.active();
  const busy = new Set(active.map((r) => r.modelKey));
  const created = await startRollouts(options, selected, policy, nowMs, busy);
  const touched = new Set<string>();
  for (const rollout of [...active, ...created]) {
    await walkRollout(options, rollout, byId, report, touched);
  }
  // Devices no rollout touched: say why not (held, notify, decision needed, outside the window).
  for (const candidate of selected) {
    if (touched.has(candidate.device.deviceId)) continue;
    const decision = decide(candidate.device, candidate.state, policy, nowMs);
    if (decision.alert) {
      report.alerts.push({ deviceId: candidate.device.deviceId, name: nameOf(candidate), alert: decision.alert });
      await auditAlertOnce(options.firmware, candidate, decision.alert, {
        actor: options.actor,
        nowMs,
        log: options.apply.log,
      });
    }
    if (decision.action === 'up-to-date' || decision.action === 'unknown') continue;
    report.entries.push(notAllowedEntry(candidate, decision, options.now));
  }
  return report;
}

const nameOf = (c: RolloutCandidate): string => c.device.name ?? c.device.deviceId;

async function walkRollout(
  options: RolloutOptions,
  rollout: Rollout,
  byId: ReadonlyMap<string, RolloutCandidate>,
  report: RolloutReport,
  touched: Set<string>,
): Promise<void> {
  const { clock } = options.apply;
  let current = rollout;
  for (const step of rollout.steps) {
    touched.add(step.deviceId);
    if (step.state === 'succeeded' || step.state === 'failed' || step.state === 'skipped') continue;
    const candidate = byId.get(step.deviceId);
    if (!candidate) {
      const nowMs = clock.now();
      await options.rollouts.updateStep(
        current.id,
        step.deviceId,
        { state: 'skipped', summary: 'no longer in the inventory', finishedMs: nowMs },
        nowMs,
      );
      continue;
    }
    // `--device` narrows a run; the other devices keep their place in the rollout for a later run.
    if (options.onlyDevices && !options.onlyDevices.has(step.deviceId) && step.state === 'pending') continue;
    const entry = await advanceStep(options, current, step, candidate, report);
    report.entries.push(entry);
    options.onStep?.(entry);
    if (entry.action === 'failed') {
      for (const other of current.steps) {
        if (other.deviceId === step.deviceId || other.state !== 'pending') continue;
        const known = byId.get(other.deviceId);
        touched.add(other.deviceId);
        report.entries.push({
          deviceId: other.deviceId,
          name: known ? nameOf(known) : other.deviceId,
          model: candidate.device.model,
          role: isCanary(current, other) ? 'canary' : 'rest',
          action: 'stopped',
          decision: entry.decision,
          reason: `Not updated: ${entry.name}, of the same model, failed its update; the model is held.`,
          options: [],
        });
      }
      return;
    }
    current = (await options.rollouts.active()).find((r) => r.id === current.id) ?? current;
  }
  await settleRollout(options, current);
}

async function advanceStep(
  options: RolloutOptions,
  rollout: Rollout,
  step: RolloutStep,
  candidate: RolloutCandidate,
  report: RolloutReport,
): Promise<RolloutEntry> {
  const nowMs = options.apply.clock.now();
  const role = isCanary(rollout, step) ? 'canary' : 'rest';
  const base = {
    deviceId: step.deviceId,
    name: nameOf(candidate),
    model: candidate.device.model,
    role,
    options: [] as string[],
  } as const;
  const decision = decide(candidate.device, candidate.state, await options.policy(), nowMs);
  if (step.state === 'pending') {
    if (decision.action === 'up-to-date') {
      await options.rollouts.updateStep(
        rollout.id,
        step.deviceId,
        { state: 'succeeded', outcome: 'already-current', summary: decision.reason, finishedMs: nowMs },
        nowMs,
      );
      return { ...base, action: 'updated', decision: decision.action, reason: decision.reason };
    }
    // A device policy no longer lets update (held, notify, decision needed) leaves the rollout: the next device in
    // line takes its place, so the rest of the model is never stuck behind it.
    if (!policyWillInstall(decision)) {
      await options.rollouts.updateStep(
        rollout.id,
        step.deviceId,
        { state: 'skipped', summary: decision.reason, finishedMs: nowMs },
        nowMs,
      );
      return { ...notAllowedEntry(candidate, decision, options.now), role };
    }
    const gate = canaryGate(rollout, step, nowMs);
    if (!gate.open) {
      return { ...base, action: 'waiting', decision: decision.action, reason: `${base.name} ${gate.reason}.` };
    }
    if (!policyAllows(decision, options.now)) return { ...notAllowedEntry(candidate, decision, options.now), role };
  }
  const result = await runRolloutStep(
    options,
    rollout,
    step,
    candidate,
    decision.targetVersion ?? rollout.targetVersion,
    role,
  );
  if (result.outcome === 'updated' || result.outcome === 'already-current') {
    return { ...base, action: 'updated', decision: decision.action, reason: result.summary, result };
  }
  if (!FAILED_OUTCOMES.has(result.outcome)) {
    return {
      ...base,
      action: 'not-started',
      decision: decision.action,
      reason: result.summary,
      result,
      options: result.options,
    };
  }
  const halt = await haltRollout(options, rollout, candidate, result.summary);
  report.halted.push(halt);
  const holdOption = `The other ${halt.model} devices stay on their current firmware: iotwarden held the model until ${halt.holdUntil} (iotwarden firmware release ${halt.model} to continue anyway).`;
  return {
    ...base,
    action: 'failed',
    decision: decision.action,
    reason: result.summary,
    result,
    options: [...result.options, holdOption],
  };
}

/** Stops the rollout, skips what is left and holds the model with an automatic, explained reason. */
async function haltRollout(options: RolloutOptions, rollout: Rollout, failed: RolloutCandidate, summary: string) {
  const { clock } = options.apply;
  const nowMs = clock.now();
  const policy = await options.policy();
  const timeZone = policy.timeZone;
  const until = isoDateAt(nowMs + (options.autoHoldDays ?? 30) * 86_400_000, timeZone);
  const model = failed.device.model ?? rollout.model;
  const reason = `automatic: the update failed on ${nameOf(failed)}: ${summary}`;
  await options.rollouts.finish(rollout.id, 'halted', nowMs, reason);
  await options.firmware.appendAudit({
    timeMs: nowMs,
    actor: options.actor,
    action: 'rollout',
    model,
    result: 'failed',
    detail: `Stopped the ${model} rollout: ${summary}`,
    data: { rolloutId: rollout.id },
  });
  await holdModel(options.firmware, model, { reason, until, actor: options.actor, automatic: true, nowMs, timeZone });
  return { model, reason, holdUntil: until };
}

/** Records the soak start once the canaries are done, and closes a rollout with nothing left to do. */
async function settleRollout(options: RolloutOptions, rollout: Rollout): Promise<void> {
  const nowMs = options.apply.clock.now();
  const current = (await options.rollouts.active()).find((r) => r.id === rollout.id);
  if (!current) return;
  const soak = soakUntilMs(current);
  if (current.soakUntilMs === undefined && soak !== undefined) {
    await options.rollouts.setSoakUntil(current.id, soak, nowMs);
  }
  const open = current.steps.some((s) => s.state === 'pending' || s.state === 'install-started');
  if (!open) await options.rollouts.finish(current.id, 'done', nowMs);
}
