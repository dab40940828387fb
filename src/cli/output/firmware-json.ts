/** `--json` shapes of `firmware status` and `firmware plan`. */
import type { FirmwareCatalogue } from '../../app/firmware/catalogue.ts';
import type { StatusRow } from '../../app/firmware/firmware-views.ts';
import { type FirmwarePlan, formatDuration, type PlanStep } from '../../app/firmware/plan.ts';

function catalogueJson(catalogue: FirmwareCatalogue): Record<string, unknown> {
  return {
    serial: catalogue.serial,
    published: catalogue.document.published,
    origin: catalogue.origin.kind,
    source: catalogue.origin.source,
    keyId: catalogue.origin.keyId,
  };
}

/** `{catalogue, devices}`: each device with its firmware state and the policy's decision. */
export function statusJson(rows: readonly StatusRow[], catalogue: FirmwareCatalogue): Record<string, unknown> {
  return { catalogue: catalogueJson(catalogue), devices: rows };
}

/** JSON for a plan step: no duplicated policy objects, times in ISO as well as ms. */
function planStepJson(step: PlanStep): Record<string, unknown> {
  return {
    deviceId: step.device.deviceId,
    name: step.device.name ?? null,
    model: step.device.model ?? null,
    installed: step.state.installed ?? null,
    target: step.decision.targetVersion ?? null,
    action: step.decision.action,
    reason: step.decision.reason,
    order: step.order ?? null,
    role: step.role ?? null,
    rolloutGroup: step.rolloutGroup ?? null,
    earliestMs: step.earliestMs ?? null,
    earliest: step.earliestMs === undefined ? null : new Date(step.earliestMs).toISOString(),
    waitsFor: step.waitsFor ?? null,
    soak: formatDuration(step.decision.policy.rollout.soakMs),
  };
}

export function planJson(plan: FirmwarePlan): Record<string, unknown> {
  return {
    generatedMs: plan.generatedMs,
    installs: plan.installs.map(planStepJson),
    waiting: plan.waiting.map(planStepJson),
    upToDate: plan.upToDate.map(planStepJson),
    unknown: plan.unknown.map(planStepJson),
  };
}
