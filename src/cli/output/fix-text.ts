/** `fix plan`, `fix apply` and `fix log` as text. Device names are untrusted: every one goes through sanitizeText. */
import type { FixApplyResult } from '../../app/fix/apply-types.ts';
import type { FixPlan, PlannedDevice } from '../../app/fix/plan.ts';
import type { FixJournalEntry } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';

function deviceLabel(device: PlannedDevice): string {
  return device.name ? `${sanitizeText(device.name)} (${device.address})` : device.address;
}

function findingLine(device: PlannedDevice, finding: { checkId: string; title: string; subject?: string | undefined }) {
  const subject = finding.subject ? ` [${sanitizeText(finding.subject)}]` : '';
  return `${deviceLabel(device)}: ${finding.checkId}${subject}, ${finding.title}`;
}

export function renderFixPlan(plan: FixPlan): string {
  const lines: string[] = [];
  if (plan.changes.length === 0) lines.push('No change iotwarden can make through the devices’ own APIs.');
  else lines.push(`${plan.changes.length} change(s) iotwarden can make through the devices’ own APIs:`, '');
  for (const item of plan.changes) {
    const { change } = item;
    lines.push(findingLine(item.device, item.finding));
    lines.push(`  ${change.setting}: ${sanitizeText(change.before)} → ${sanitizeText(change.after)}`);
    if (change.newPassword) {
      lines.push(
        `  new password for user ${change.newPassword.username}: the one configured for it in iotwarden.yaml, else a generated one kept in the secrets file (never printed; iotwarden secrets show)`,
      );
    }
    for (const effect of change.sideEffects) lines.push(`  side effect: ${effect}`);
    lines.push(`  can be undone: ${change.undoable ? 'yes' : 'no'}`, '');
  }
  if (plan.manual.length > 0) {
    lines.push(`${plan.manual.length} finding(s) no local API can fix; do these by hand:`, '');
    for (const item of plan.manual) {
      lines.push(findingLine(item.device, item.finding));
      item.steps.forEach((step, index) => {
        lines.push(`  ${index + 1}. ${step.replace(/\n/g, '\n     ')}`);
      });
      lines.push('');
    }
  }
  if (plan.changes.length > 0) lines.push('Make the changes: iotwarden fix apply (it asks first; --yes for scripts).');
  return lines.join('\n').trimEnd();
}

const MARK: Record<string, string> = {
  done: 'changed',
  already: 'already so',
  reverted: 'FAILED, put back',
  failed: 'FAILED',
  skipped: 'skipped',
};

export function renderFixApply(result: FixApplyResult): string {
  const lines: string[] = [];
  for (const item of result.reconciled) lines.push(`${deviceLabel(item.device)}: ${item.detail}`);
  for (const change of result.changes) {
    lines.push(`${deviceLabel(change.device)}: ${MARK[change.status]}: ${sanitizeText(change.detail)}`);
    for (const problem of change.problems) lines.push(`  health check: ${sanitizeText(problem)}`);
  }
  if (result.changes.length === 0 && result.reconciled.length === 0) lines.push('Nothing to change.');
  if (result.stopped) lines.push('', 'Stopped at the failed change: the rest of the plan was not applied.');
  for (const device of result.devices) {
    const resolved = device.resolved.length > 0 ? `; resolved: ${device.resolved.join(', ')}` : '';
    lines.push(`${deviceLabel(device.device)}: score ${device.scoreBefore} → ${device.scoreAfter}${resolved}`);
  }
  if (result.devices.length > 0) {
    lines.push(
      '',
      `Home score ${result.homeScoreBefore} → ${result.homeScoreAfter} (estimated; iotwarden scan records it).`,
    );
  }
  return lines.join('\n');
}

export function renderFixLog(entries: FixJournalEntry[], names: Map<string, string>): string {
  if (entries.length === 0) return 'No setting changes yet.';
  return entries
    .map((entry) => {
      const change = entry.change as { setting?: string; before?: string; after?: string };
      const when = new Date(entry.startedMs).toISOString().replace('T', ' ').slice(0, 19);
      const name = sanitizeText(names.get(entry.deviceId) ?? entry.address);
      const what = `${change.setting}: ${sanitizeText(String(change.before))} → ${sanitizeText(String(change.after))}`;
      return `${when}  ${name}  ${what}  ${entry.state}${entry.outcome ? `  ${sanitizeText(entry.outcome)}` : ''}`;
    })
    .join('\n');
}

/** A few lines for the demo: what `fix apply` would change, and the command to see the whole plan. */
export function renderFixPreview(plan: FixPlan, planCommand: string): string {
  const lines = [`iotwarden can fix ${plan.changes.length} finding(s) for you through the devices' own APIs:`];
  for (const item of plan.changes) {
    const { change } = item;
    lines.push(
      `  ${deviceLabel(item.device)}: ${change.setting} ${sanitizeText(change.before)} → ${sanitizeText(change.after)}`,
    );
  }
  lines.push(
    `and ${plan.manual.length} more with exact manual steps.`,
    '',
    'Next step (a dry run, nothing is changed):',
    `  ${planCommand}`,
  );
  return lines.join('\n');
}
