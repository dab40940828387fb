import type { Rollout } from '../../store/rollout-repository.ts';
import { decide } from './policy-engine.ts';
import { policyAllows, policyWillInstall } from './rollout-gate.ts';
import type { RolloutCandidate, RolloutEntry, RolloutOptions } from './rollout-types.ts';
import type { FirmwareDecision, FirmwarePolicy } from './types.ts';

/** Devices of one model roll out together: the vendor and the model as the device reports it. */
export function modelKeyOf(candidate: RolloutCandidate): string {
  const { device } = candidate;
  if (!device.model) return `device:${device.deviceId}`;
  return `${(device.vendor ?? device.family ?? '').toLowerCase()}|${device.model.toUpperCase()}`;
}

/** The entry for a device policy does not let update now, with the decision's reason and options. */
export function notAllowedEntry(candidate: RolloutCandidate, decision: FirmwareDecision, now: boolean): RolloutEntry {
  const { device } = candidate;
  const reason =
    decision.action === 'wait-window' && !now
      ? `${decision.reason} Pass --now to install outside the window.`
      : decision.reason;
  return {
    deviceId: device.deviceId,
    name: device.name ?? device.deviceId,
    model: device.model,
    action: 'not-allowed',
    decision: decision.action,
    reason,
    options: decision.breakage?.options ?? [],
  };
}

/**
 * Starts a rollout for every model that has no rollout in progress and at least one device policy lets update
 * now. Its members are the devices policy will update (now or in a later window); the ones allowed now go first,
 * so the canary is one that can actually start. Order is by name, so a rerun picks the same canary.
 */
export async function startRollouts(
  options: RolloutOptions,
  candidates: readonly RolloutCandidate[],
  policy: FirmwarePolicy,
  nowMs: number,
  busy: ReadonlySet<string>,
): Promise<Rollout[]> {
  const groups = new Map<string, RolloutCandidate[]>();
  for (const candidate of candidates) {
    const key = modelKeyOf(candidate);
    if (busy.has(key)) continue;
    groups.set(key, [...(groups.get(key) ?? []), candidate]);
  }
  const created: Rollout[] = [];
  for (const [modelKey, group] of groups) {
    const decided = group
      .map((candidate) => ({ candidate, decision: decide(candidate.device, candidate.state, policy, nowMs) }))
      .filter((d) => policyWillInstall(d.decision));
    const allowed = decided.filter((d) => policyAllows(d.decision, options.now));
    const first = allowed[0];
    if (!first) continue;
    const byName = (a: (typeof decided)[number], b: (typeof decided)[number]) =>
      (a.candidate.device.name ?? a.candidate.device.deviceId).localeCompare(
        b.candidate.device.name ?? b.candidate.device.deviceId,
      );
    allowed.sort(byName);
    const later = decided.filter((d) => !allowed.includes(d)).sort(byName);
    const members = [...allowed, ...later];
    const settings = (allowed[0] ?? first).decision.policy.rollout;
    const canary = allowed[0] ?? first;
    created.push(
      await options.rollouts.create({
        modelKey,
        vendor: canary.candidate.device.vendor ?? canary.candidate.device.family ?? 'unknown',
        model: canary.candidate.device.model ?? canary.candidate.device.deviceId,
        targetVersion: canary.decision.targetVersion,
        canaryCount: Math.max(1, Math.min(settings.canaryCount, members.length)),
        soakMs: settings.soakMs,
        nowMs,
        devices: members.map((m) => ({
          deviceId: m.candidate.device.deviceId,
          fromVersion: m.candidate.state.installed,
        })),
      }),
    );
  }
  return created;
}
