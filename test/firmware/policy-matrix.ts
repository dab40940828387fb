import { holdModel } from '../../src/app/firmware/policy-holds.ts';
import { isoDateAt } from '../../src/app/firmware/policy-window.ts';
import type { RolloutCandidate } from '../../src/app/firmware/rollout-types.ts';
import type { KnownBreakage } from '../../src/app/firmware/types.ts';
import type { HostFacts } from '../../src/families/facts.ts';
import { testAddress } from '../support/addresses.ts';
import { drive, type FirmwareLab, type LabDevice, SHELLY_PASSWORD } from '../support/firmware-lab.ts';
import {
  candidateOf,
  IN_WINDOW_MS,
  OUT_OF_WINDOW_MS,
  RolloutHarness,
  type StateOverrides,
} from '../support/rollout.ts';

/**
 * "No device is ever updated outside its policy": every combination of the subject device's policy, the
 * maintenance window, `--now` and the state of its model's canary, run through the real engine against a lab
 * Shelly. Installs are counted at the simulator, never inferred from the engine's own report.
 */

export const POLICIES = ['auto', 'notify', 'hold', 'hold-expired', 'decision-needed'] as const;
export const CANARY_STATES = ['is-canary', 'canary-pending', 'soaking', 'soaked', 'canary-failed'] as const;
export type PolicyCase = (typeof POLICIES)[number];
export type CanaryState = (typeof CANARY_STATES)[number];

export interface MatrixCase {
  policy: PolicyCase;
  inWindow: boolean;
  now: boolean;
  canary: CanaryState;
}

export const OLD = '20221027-091427/v1.12.1-ga9117d3';
export const NEW = '20230913-112003/v1.14.0-gcb84623';
const MODEL = 'SHSW-1';

export function allCases(canaryStates: readonly CanaryState[]): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const policy of POLICIES)
    for (const inWindow of [true, false])
      for (const now of [false, true]) for (const canary of canaryStates) cases.push({ policy, inWindow, now, canary });
  return cases;
}

/** The rule the engine must obey, written independently of it. */
export function mayInstall(c: MatrixCase): boolean {
  const policyAllows = c.policy === 'auto' || c.policy === 'hold-expired';
  const timeAllows = c.inWindow || c.now;
  const canaryAllows = c.canary === 'is-canary' || c.canary === 'soaked';
  return policyAllows && timeAllows && canaryAllows;
}

export const label = (c: MatrixCase): string =>
  `${c.policy} · ${c.inWindow ? 'in window' : 'outside window'} · ${c.now ? '--now' : 'no --now'} · ${c.canary}`;

function policyConfig(policy: PolicyCase): unknown {
  const rule =
    policy === 'notify'
      ? { mode: 'notify' }
      : policy === 'hold'
        ? { mode: 'hold', reason: 'owner holds it', until: '2027-01-01' }
        : policy === 'hold-expired'
          ? { mode: 'hold', reason: 'owner held it', until: '2025-12-01' }
          : undefined;
  return { default: { rollout: { soak: '24h' } }, devices: rule ? { subject: rule } : {} };
}

/** Port 80 is what this home uses to control the relay; a breakage that closes it needs the owner's decision. */
const CLOSES_80: KnownBreakage = {
  id: 'test-closes-80',
  version: NEW,
  effects: { closesPorts: [80], affects: ['local-api'] },
  summary: 'The firmware closes the local HTTP API.',
  options: ['Keep the current firmware.'],
  sources: [],
};

export function subjectSettings() {
  return {
    model: MODEL,
    firmware: OLD,
    auth: { enabled: true, username: 'admin', password: SHELLY_PASSWORD },
    update: { version: NEW, durationMs: 0 },
  };
}

/** A peer of the same model that exists only in the inventory (no device answers at its address). */
function peer(facts: HostFacts, overrides: StateOverrides): RolloutCandidate {
  const candidate = candidateOf('dev_peer', 'peer', { ...facts, address: testAddress() }, overrides);
  candidate.facts = { ...candidate.facts, address: candidate.device.address };
  return candidate;
}

/**
 * Runs one case on a fresh database: seeds the rollout and holds the canary state implies, runs the engine once and
 * returns how many installs the subject's simulator saw.
 */
export async function runCase(lab: FirmwareLab, subject: LabDevice, before: HostFacts, c: MatrixCase): Promise<number> {
  const installsBefore = subject.installs();
  // Time only moves forward (the simulators keep uptime): go to the next 03:30 or 12:00 UTC.
  await lab.clock.advance(nextAt(lab.clock.now(), c.inWindow ? IN_WINDOW_MS : OUT_OF_WINDOW_MS) - lab.clock.now());
  const harness = await new RolloutHarness(lab, policyConfig(c.policy)).open();
  try {
    const overrides: StateOverrides = {
      latest: NEW,
      ...(c.policy === 'decision-needed' ? { breakages: [CLOSES_80] } : {}),
    };
    const mine = candidateOf('dev_subject', 'subject', before, overrides);
    harness.candidates.set(mine.device.deviceId, mine);
    await seedCanary(harness, before, c.canary);
    await drive(lab.clock, harness.run({ now: c.now }));
  } finally {
    await harness.close();
  }
  return subject.installs() - installsBefore;
}

const DAY_MS = 86_400_000;

/** The first instant at or after `nowMs` with the same time of day as `sampleMs`. */
function nextAt(nowMs: number, sampleMs: number): number {
  const offset = sampleMs % DAY_MS;
  const today = nowMs - (nowMs % DAY_MS) + offset;
  return today >= nowMs ? today : today + DAY_MS;
}

async function seedCanary(harness: RolloutHarness, before: HostFacts, state: CanaryState): Promise<void> {
  if (state === 'is-canary') return;
  const nowMs = harness.lab.clock.now();
  const pending = state === 'canary-pending';
  const other = peer(before, pending ? { latest: NEW } : { latest: NEW, deviceLatest: null });
  if (pending) harness.candidates.set(other.device.deviceId, other);
  const rollout = await harness.rollouts.create({
    modelKey: `shelly|${MODEL}`,
    vendor: 'Shelly',
    model: MODEL,
    targetVersion: NEW,
    canaryCount: 1,
    soakMs: 24 * 3_600_000,
    nowMs,
    devices: [
      { deviceId: 'dev_peer', fromVersion: OLD },
      { deviceId: 'dev_subject', fromVersion: OLD },
    ],
  });
  if (pending) return;
  const finishedMs = state === 'soaking' ? nowMs - 3_600_000 : nowMs - 25 * 3_600_000;
  const failed = state === 'canary-failed';
  await harness.rollouts.updateStep(
    rollout.id,
    'dev_peer',
    { state: failed ? 'failed' : 'succeeded', finishedMs, outcome: failed ? 'unhealthy' : 'updated' },
    nowMs,
  );
  if (!failed) return;
  await harness.rollouts.finish(rollout.id, 'halted', nowMs, 'the canary failed');
  await holdModel(harness.firmware, MODEL, {
    reason: 'automatic: the canary failed',
    until: isoDateAt(nowMs + 30 * DAY_MS, 'UTC'),
    actor: 'scheduler',
    automatic: true,
    nowMs,
    timeZone: 'UTC',
  });
}
