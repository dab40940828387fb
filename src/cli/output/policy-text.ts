/** Terminal text of the `policy` commands. Device names and DNS names are untrusted: every line is sanitised. */
import type { LearnResult } from '../../app/policy/learn-profiles.ts';
import type { PolicyPreview } from '../../app/policy/preview-policy.ts';
import type { ProfileDiff } from '../../app/policy/profile-diff.ts';
import type { StoredEvent } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function learnText(result: LearnResult): string {
  if (result.devices.length === 0) {
    return 'No device took part in any stored flow: collect flows first (iotwarden flows collect / flows import).\n';
  }
  const lines = [`Learning window ${day(result.windowStartMs)} → ${day(result.windowEndMs)}:`];
  for (const d of result.devices) {
    const change = d.changed ? `new version ${d.version}` : `unchanged (version ${d.version})`;
    lines.push(
      sanitizeText(
        `  ${d.deviceName}: ${d.status}, confidence ${d.confidence} (${d.daysObserved} days, ${d.flows} flows), ${d.entries} destinations, ${change}`,
      ),
    );
    for (const subject of d.newDestinations) lines.push(sanitizeText(`    new since learned: ${subject}`));
  }
  lines.push('Next: iotwarden policy generate --out policy.yaml, then iotwarden policy preview policy.yaml');
  return `${lines.join('\n')}\n`;
}

export function diffText(diff: ProfileDiff): string {
  const head = sanitizeText(`${diff.deviceName}: profile v${diff.from} → v${diff.to}`);
  if (diff.lines.length === 0) return `${head}: no change\n`;
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  const lines = diff.lines.map((l) =>
    sanitizeText(
      `  ${mark[l.change]} ${l.direction} ${l.peer} ${l.service} (flows ${l.flowsBefore} → ${l.flowsAfter})`,
    ),
  );
  return `${head}\n${lines.join('\n')}\n`;
}

export function previewText(preview: PolicyPreview): string {
  const lines = [`Replaying flows ${day(preview.fromMs)} → ${day(preview.toMs)} against the policy:`];
  for (const w of preview.warnings) lines.push(sanitizeText(`  warning: ${w}`));
  for (const d of preview.devices) {
    lines.push('', sanitizeText(`${d.deviceName} (${d.mode}): ${d.blockedFlows} of ${d.flows} flows would be blocked`));
    for (const item of d.blocked.slice(0, 20)) {
      lines.push(
        sanitizeText(`  ✗ ${item.sentence} (${item.flows} flows on ${item.days} day${item.days === 1 ? '' : 's'})`),
      );
    }
    if (d.blocked.length > 20) lines.push(`  … and ${d.blocked.length - 20} more (--json lists all)`);
    for (const s of d.served) lines.push(sanitizeText(`  ✓ ${s.label} [${s.origin}]: ${s.flows} flows allowed`));
    for (const note of d.notes) lines.push(sanitizeText(`  · ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

export function eventsText(events: readonly StoredEvent[]): string {
  if (events.length === 0) return 'No zero-trust events.\n';
  return `${events.map((e) => sanitizeText(`${new Date(e.atMs).toISOString()} ${e.deviceId} ${e.kind}: ${e.subject}`)).join('\n')}\n`;
}
