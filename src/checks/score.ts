/**
 * Explainable posture scores (docs/scoring.md).
 *
 * Device score: start at 100 and deduct per finding by severity — critical 40, high 20, medium 8, low 3, info 0.
 * Repeats of the same check on one device diminish: the k-th finding of a check (k = 0, 1, 2 …, most severe first)
 * counts base × ½^k, so ten open ports are worse than one but do not drown everything else. The score never
 * goes below 0, and every deduction is listed with its reason.
 *
 * Home score: a weighted mean of device scores in which each device weighs 1 + ((100 − score) / 10)², so the
 * worst devices dominate: one device at 20 among three at 100 gives a home score of 24, because one weak device
 * is enough to get into a home network. An empty home scores 100.
 */
import type { Finding, Severity } from './finding.ts';
import { SEVERITIES } from './finding.ts';

/** Points one finding of each severity costs before repeats diminish. */
export const SEVERITY_POINTS: Readonly<Record<Severity, number>> = Object.freeze({
  critical: 40,
  high: 20,
  medium: 8,
  low: 3,
  info: 0,
});

/** One line of "why this score". */
export interface Deduction {
  checkId: string;
  points: number;
  reason: string;
}

export interface DeviceScore {
  score: number;
  deductions: Deduction[];
}

/** Scores one device from its findings. */
export function scoreDevice(findings: readonly Finding[]): DeviceScore {
  const ordered = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const seen = new Map<string, number>();
  const deductions: Deduction[] = [];
  for (const finding of ordered) {
    const base = SEVERITY_POINTS[finding.severity];
    if (base === 0) continue;
    const repeat = seen.get(finding.checkId) ?? 0;
    seen.set(finding.checkId, repeat + 1);
    const points = round1(base / 2 ** repeat);
    const subject = finding.subject ? ` (${finding.subject})` : '';
    const damping = repeat === 0 ? '' : `; repeat ${repeat + 1} of this check counts 1/${2 ** repeat}`;
    deductions.push({
      checkId: finding.checkId,
      points,
      reason: `${finding.severity}: ${finding.title}${subject}${damping}`,
    });
  }
  const total = deductions.reduce((sum, deduction) => sum + deduction.points, 0);
  return { score: Math.max(0, Math.round(100 - total)), deductions };
}

/** The home score from device scores (see the module comment for the formula). */
export function scoreHome(deviceScores: readonly number[]): number {
  if (deviceScores.length === 0) return 100;
  let weighted = 0;
  let weights = 0;
  for (const score of deviceScores) {
    const clamped = Math.min(100, Math.max(0, score));
    const weight = 1 + ((100 - clamped) / 10) ** 2;
    weighted += clamped * weight;
    weights += weight;
  }
  return Math.round(weighted / weights);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
