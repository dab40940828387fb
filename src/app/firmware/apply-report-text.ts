import { sanitizeText } from '../../util/untrusted-text.ts';
import type { RolloutEntry, RolloutReport } from './rollout-types.ts';

/**
 * `firmware apply` for people and for scripts. The text groups devices by what the owner has to do: nothing
 * (updated), decide, look at a failure, wait; the JSON keeps every entry with the apply result, minus raw facts.
 */

const SECTIONS: Array<{ title: string; mark: string; pick: (e: RolloutEntry) => boolean }> = [
  { title: 'Updated', mark: '✓', pick: (e) => e.action === 'updated' },
  { title: 'Failed: the rest of the model is held', mark: '✗', pick: (e) => e.action === 'failed' },
  { title: 'Stopped because another device of the model failed', mark: '✗', pick: (e) => e.action === 'stopped' },
  {
    title: 'Needs your decision',
    mark: '!',
    pick: (e) => e.action === 'not-allowed' && e.decision === 'decision-needed',
  },
  { title: 'Could not start', mark: '✗', pick: (e) => e.action === 'not-started' },
  { title: 'Waiting for the canary', mark: '·', pick: (e) => e.action === 'waiting' },
  { title: 'Held', mark: '·', pick: (e) => e.action === 'not-allowed' && e.decision === 'held' },
  {
    title: 'Waiting for the maintenance window',
    mark: '·',
    pick: (e) => e.action === 'not-allowed' && e.decision === 'wait-window',
  },
  {
    title: 'Not installed by iotwarden',
    mark: '·',
    pick: (e) => e.action === 'not-allowed' && e.decision === 'notify',
  },
];

function label(entry: RolloutEntry): string {
  return entry.model ? `${entry.name} (${entry.model})` : entry.name;
}

/** Results start with the device's name for the audit log; under its label here the name is said already. */
function withoutName(entry: RolloutEntry): string {
  const prefix = `${entry.name}: `;
  return entry.reason.startsWith(prefix) ? entry.reason.slice(prefix.length) : entry.reason;
}

export function renderApplyReport(report: RolloutReport, options: { now: boolean }): string {
  const lines: string[] = [];
  if (options.now) lines.push('--now: the maintenance window is ignored; policy, holds and canaries still apply.', '');
  for (const alert of report.alerts) lines.push(`ALERT ${alert.name}: ${alert.alert.message}`, '');
  const shown = new Set<RolloutEntry>();
  for (const section of SECTIONS) {
    const entries = report.entries.filter((e) => !shown.has(e) && section.pick(e));
    if (entries.length === 0) continue;
    lines.push(`${section.title}:`);
    for (const entry of entries) {
      shown.add(entry);
      lines.push(`  ${section.mark} ${label(entry)}: ${withoutName(entry)}`);
      if (entry.options.length > 0) {
        lines.push('      Options:');
        for (const option of entry.options) lines.push(`        - ${option}`);
      }
    }
    lines.push('');
  }
  const rest = report.entries.filter((e) => !shown.has(e));
  for (const entry of rest) lines.push(`  · ${label(entry)}: ${withoutName(entry)}`);
  if (report.entries.length === 0 && report.alerts.length === 0)
    lines.push('Nothing to update: every known device runs its latest firmware.');
  // Names, models, reasons and alerts quote devices: every line passes the output boundary as a whole.
  return `${lines
    .map((line) => sanitizeText(line))
    .join('\n')
    .trimEnd()}\n`;
}

/** The report as JSON: each entry with its result's outcome, versions, summary, options and posture delta. */
export function applyReportJson(report: RolloutReport): unknown {
  return {
    entries: report.entries.map((entry) => ({
      deviceId: entry.deviceId,
      name: entry.name,
      model: entry.model ?? null,
      role: entry.role ?? null,
      action: entry.action,
      decision: entry.decision,
      reason: entry.reason,
      options: entry.options,
      result: entry.result
        ? {
            outcome: entry.result.outcome,
            installer: entry.result.installer ?? null,
            versionBefore: entry.result.versionBefore ?? null,
            versionAfter: entry.result.versionAfter ?? null,
            installSent: entry.result.installSent,
            healthProblems: entry.result.health?.problems ?? [],
            delta: entry.result.delta ?? null,
            evidence: entry.result.evidence,
          }
        : null,
    })),
    halted: report.halted,
    alerts: report.alerts.map((a) => ({
      deviceId: a.deviceId,
      name: a.name,
      severity: a.alert.severity,
      message: a.alert.message,
    })),
  };
}
