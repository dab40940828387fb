/** The pure firmware decision for one device, given its already-resolved policy. See `decide` in policy-engine.ts. */

import { profileOf, schemeForFamily } from '../../families/index.ts';
import { compareVersions } from '../../families/version-scheme.ts';
import { breakageDecision } from './policy-breakage.ts';
import { windowAt } from './policy-window.ts';
import type {
  EffectiveHold,
  FirmwareDecision,
  FirmwareDevice,
  FirmwareState,
  HeldRiskAlert,
  ResolvedPolicy,
} from './types.ts';

type Outcome = Pick<FirmwareDecision, 'action' | 'reason'> & Partial<FirmwareDecision>;

export function decideWithResolved(
  device: FirmwareDevice,
  state: FirmwareState,
  policy: ResolvedPolicy,
  nowMs: number,
): FirmwareDecision {
  const target = installTarget(device, state);
  const outcome = outcomeFor(device, state, policy, nowMs, target);
  return {
    targetVersion: target,
    window: undefined,
    breakage: undefined,
    alert: undefined,
    ...outcome,
    policy,
  };
}

/**
 * The version an install through the device's own API would bring: what the device itself offers, when newer than the
 * installed one. A version known only from the catalogue cannot be pushed: Shelly, Kasa and Hue install what the
 * vendor's update service hands them.
 */
export function installTarget(device: FirmwareDevice, state: FirmwareState): string | undefined {
  if (state.installed === undefined || state.deviceLatest === undefined) return undefined;
  const order = compareVersions(schemeForFamily(device.family ?? 'generic'), state.deviceLatest, state.installed);
  return order !== undefined && order > 0 ? state.deviceLatest : undefined;
}

function outcomeFor(
  device: FirmwareDevice,
  state: FirmwareState,
  policy: ResolvedPolicy,
  nowMs: number,
  target: string | undefined,
): Outcome {
  if (state.installed === undefined) {
    return { action: 'unknown', reason: 'The installed firmware version is unknown, so iotwarden cannot tell.' };
  }
  if (state.latest === undefined) {
    return {
      action: 'unknown',
      reason: 'No newer version is known: the device does not report one and the catalogue does not list this model.',
    };
  }
  if (state.updateAvailable === undefined) {
    return {
      action: 'unknown',
      reason: `Cannot compare installed ${state.installed} with latest ${state.latest}.`,
    };
  }
  if (!state.updateAvailable)
    return { action: 'up-to-date', reason: `Runs the latest known firmware (${state.installed}).` };

  const breakage = breakageDecision(device, state, policy, nowMs);
  if (policy.mode === 'hold' && policy.hold) {
    const alert = heldRisk(state, policy.hold);
    const base = `Held until ${policy.hold.until}: ${policy.hold.reason}.`;
    return {
      action: 'held',
      reason: alert ? `${base} ${alert.message}` : base,
      ...(alert ? { alert } : {}),
      ...(breakage ? { breakage } : {}),
    };
  }
  if (breakage) return { action: 'decision-needed', reason: breakage.explanation, breakage };
  if (policy.mode === 'notify') {
    return { action: 'notify', reason: `Update to ${state.latest} available; policy is notify (report only).` };
  }
  if (target === undefined) {
    return {
      action: 'notify',
      reason: `The catalogue lists ${state.latest}. ${profileOf({ family: device.family ?? 'generic' }).firmware.notOffered}`,
    };
  }
  const window = windowAt(policy.window, policy.timeZone, nowMs);
  const span = { startMs: window.startMs, endMs: window.endMs };
  if (window.open) {
    return { action: 'install', reason: `Install ${target} now: inside the maintenance window.`, window: span };
  }
  return {
    action: 'wait-window',
    reason: `Installs ${target} in the next maintenance window (${policy.window.start}–${policy.window.end} ${policy.timeZone}).`,
    window: span,
  };
}

/** Both risks side by side when a held update fixes a critical or high CVE. */
function heldRisk(state: FirmwareState, hold: EffectiveHold): HeldRiskAlert | undefined {
  const serious = state.cvesFixed.filter((cve) => cve.severity === 'critical' || cve.severity === 'high');
  if (serious.length === 0) return undefined;
  const severity = serious.some((cve) => cve.severity === 'critical') ? 'critical' : 'high';
  const cves = serious.map((cve) => `${cve.id} (${cve.severity}: ${cve.title})`).join('; ');
  const breakageText =
    state.breakages.length > 0
      ? ` The update also brings a known breakage: ${state.breakages.map((b) => b.summary).join(' ')}`
      : '';
  return {
    severity,
    hold,
    breakages: state.breakages,
    vulnerabilities: serious,
    message: `ALERT: while held, ${cves} stays unpatched; ${state.latest} fixes it. Risk of holding: the vulnerability. Risk of updating: ${hold.reason}.${breakageText} Weigh both and release or keep the hold.`,
  };
}
