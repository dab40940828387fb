/**
 * `firmware plan`: a dry run. What would be installed, when (the next maintenance window, or now with `--now`), in
 * which order (per model one canary first, the rest after the soak period), and what waits and why.
 */

import { decide } from './policy-engine.ts';
import { windowAt } from './policy-window.ts';
import type { DeviceFirmware, FirmwareDecision, FirmwareDevice, FirmwarePolicy, FirmwareState } from './types.ts';

export interface PlanStep {
  device: FirmwareDevice;
  state: FirmwareState;
  decision: FirmwareDecision;
  /** Installs only: 1, 2, 3 … in the order they would run. */
  order: number | undefined;
  /** Installs only: the first devices of a model go first, the rest follow after the soak. */
  role: 'canary' | 'follower' | undefined;
  /** Installs only: the model they roll out with (`shelly:SHSW-25`). */
  rolloutGroup: string | undefined;
  /** Installs only: the earliest time it would install (Unix ms). */
  earliestMs: number | undefined;
  /** Followers: what they wait for, in a sentence. */
  waitsFor: string | undefined;
}

export interface FirmwarePlan {
  generatedMs: number;
  /** In install order. */
  installs: PlanStep[];
  /** Devices that need something but will not be installed: notify, held, decision-needed. */
  waiting: PlanStep[];
  upToDate: PlanStep[];
  unknown: PlanStep[];
}

export interface PlanOptions {
  /** As `firmware apply --now`: ignore the maintenance window (the soak period still applies). */
  now?: boolean;
}

/** The model a device rolls out with: family and model, case-insensitive. */
export function rolloutGroupOf(device: FirmwareDevice): string {
  return `${device.family ?? 'unknown'}:${(device.model ?? 'unknown').toUpperCase()}`;
}

export function buildPlan(
  devices: readonly DeviceFirmware[],
  policy: FirmwarePolicy,
  nowMs: number,
  options: PlanOptions = {},
): FirmwarePlan {
  const steps = devices.map(({ device, state }) => blankStep(device, state, decide(device, state, policy, nowMs)));
  const installing = steps.filter((s) => s.decision.action === 'install' || s.decision.action === 'wait-window');
  const groups = new Map<string, PlanStep[]>();
  for (const step of installing) {
    const key = rolloutGroupOf(step.device);
    groups.set(key, [...(groups.get(key) ?? []), step]);
  }
  for (const [key, members] of groups) {
    members.sort((a, b) => labelOf(a.device).localeCompare(labelOf(b.device)));
    members.forEach((step, index) => {
      const { canaryCount, soakMs } = step.decision.policy.rollout;
      const canaryStart = startFor(step, nowMs, options, nowMs);
      step.rolloutGroup = key;
      if (index < canaryCount) {
        step.role = 'canary';
        step.earliestMs = canaryStart;
        return;
      }
      const canaries = members.slice(0, canaryCount);
      const soakEnd = Math.max(...canaries.map((c) => c.earliestMs ?? nowMs)) + soakMs;
      step.role = 'follower';
      step.earliestMs = startFor(step, soakEnd, options, nowMs);
      step.waitsFor = `waits until ${canaries.map((c) => labelOf(c.device)).join(', ')} ${canaries.length > 1 ? 'have' : 'has'} run the update for ${formatDuration(soakMs)} without problems`;
    });
  }
  installing.sort(
    (a, b) =>
      (a.earliestMs ?? 0) - (b.earliestMs ?? 0) ||
      Number(a.role === 'follower') - Number(b.role === 'follower') ||
      labelOf(a.device).localeCompare(labelOf(b.device)),
  );
  installing.forEach((step, index) => {
    step.order = index + 1;
  });
  const by = (actions: readonly string[]) => steps.filter((s) => actions.includes(s.decision.action));
  return {
    generatedMs: nowMs,
    installs: installing,
    waiting: by(['notify', 'held', 'decision-needed']),
    upToDate: by(['up-to-date']),
    unknown: by(['unknown']),
  };
}

/** The first moment at or after `fromMs` when the device may install: now with --now, else its window. */
function startFor(step: PlanStep, fromMs: number, options: PlanOptions, nowMs: number): number {
  if (options.now) return Math.max(fromMs, nowMs);
  const policy = step.decision.policy;
  const window = windowAt(policy.window, policy.timeZone, fromMs);
  return window.open ? fromMs : window.startMs;
}

function blankStep(device: FirmwareDevice, state: FirmwareState, decision: FirmwareDecision): PlanStep {
  return {
    device,
    state,
    decision,
    order: undefined,
    role: undefined,
    rolloutGroup: undefined,
    earliestMs: undefined,
    waitsFor: undefined,
  };
}

export function labelOf(device: FirmwareDevice): string {
  return device.name ?? device.address;
}

/** `86400000` → `24h`, `90000` → `1m 30s`. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length > 0 ? parts.slice(0, 2).join(' ') : `${ms}ms`;
}
