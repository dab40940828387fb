/**
 * The overview of the home, as the dashboard's first page shows it: the home score over time, findings by severity,
 * the "do this first" actions, the decisions only the owner can take (an update that breaks something, a held device
 * whose update fixes a critical flaw), and what changed lately.
 */
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import { scoreHome } from '../../checks/score.ts';
import type { Store } from '../../store/index.ts';
import type { ServeStore } from '../../store/serve-store.ts';
import type { FirmwareSession } from '../firmware/firmware-session.ts';
import { firmwareStatus } from '../firmware/firmware-views.ts';
import { modelFromStore } from './model-from-store.ts';
import type { TopAction } from './report-model.ts';

export interface HomeSummary {
  homeScore: number;
  devices: number;
  findings: Record<Severity, number>;
  /** One point per complete scan, oldest first. */
  scoreHistory: Array<{ scanId: number; timeMs: number; score: number; devices: number }>;
  topActions: TopAction[];
  decisions: Array<{
    deviceId: string;
    name: string;
    kind: 'breakage' | 'held-with-critical-fix';
    targetVersion: string | null;
    reason: string;
  }>;
  recentChanges: Array<{ timeMs: number; kind: string; severity: string; title: string; deviceId: string | null }>;
}

export interface HomeSummaryOptions {
  /** How many complete scans the score history covers. */
  history?: number;
  recent?: number;
}

export async function homeSummary(
  store: Store,
  serve: ServeStore,
  firmware: FirmwareSession,
  options: HomeSummaryOptions = {},
): Promise<HomeSummary> {
  const model = await modelFromStore(store);
  const findings = Object.fromEntries(SEVERITIES.map((s) => [s, model.summary.findings[s]])) as Record<
    Severity,
    number
  >;
  const scoreHistory = (await serve.scanScores(options.history ?? 90)).map((scan) => ({
    scanId: scan.scanId,
    timeMs: scan.finishedMs,
    score: scoreHome(scan.scores),
    devices: scan.scores.length,
  }));
  const decisions: HomeSummary['decisions'] = [];
  for (const row of await firmwareStatus(firmware)) {
    const name = row.device.name ?? row.device.deviceId;
    const targetVersion = row.decision.targetVersion ?? null;
    if (row.decision.action === 'decision-needed')
      decisions.push({
        deviceId: row.device.deviceId,
        name,
        kind: 'breakage',
        targetVersion,
        reason: row.decision.reason,
      });
    else if (row.decision.alert)
      decisions.push({
        deviceId: row.device.deviceId,
        name,
        kind: 'held-with-critical-fix',
        targetVersion,
        reason: row.decision.alert.message,
      });
  }
  const recentChanges = (await serve.recentEvents(options.recent ?? 20)).map((e) => ({
    timeMs: e.timeMs,
    kind: e.kind,
    severity: e.severity,
    title: e.title,
    deviceId: e.deviceId,
  }));
  return {
    homeScore: model.homeScore,
    devices: model.devices.length,
    findings,
    scoreHistory,
    topActions: model.topActions,
    decisions,
    recentChanges,
  };
}
