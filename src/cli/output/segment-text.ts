/** Terminal text of `segment audit` and `segment plan`. Device names are untrusted: every line is sanitised. */
import type { SegmentAudit } from '../../app/segment/segment-audit.ts';
import type { SegmentPlan } from '../../app/segment/segment-plan.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';

export function auditText(audit: SegmentAudit): string {
  const lines = [`Segment audit from ${audit.vantage ?? 'this host'}: ${audit.attempts.length} connection attempts`];
  for (const a of audit.attempts) {
    lines.push(
      sanitizeText(
        `  ${a.outcome === 'open' ? '✗ reached' : '✓ closed '} ${a.kind} ${a.label} port ${a.port} (${a.outcome})`,
      ),
    );
  }
  if (audit.findings.length === 0) lines.push('No segmentation findings.');
  for (const f of audit.findings) lines.push(sanitizeText(`${f.severity.toUpperCase()} ${f.checkId}: ${f.detail}`));
  for (const note of audit.notes) lines.push(sanitizeText(`note: ${note}`));
  return `${lines.join('\n')}\n`;
}

export function planText(plan: SegmentPlan): string {
  const lines = ['Networks to create:'];
  for (const s of plan.segments) {
    lines.push(
      sanitizeText(`  VLAN ${s.vlan} "${s.ssid}" (${s.id}; internet: ${s.internet}): ${s.devices.join(', ') || '—'}`),
    );
  }
  lines.push('', 'Rules that cross segments (allow these at the router, deny the rest):');
  if (plan.crossings.length === 0) lines.push('  none learned yet (iotwarden policy learn)');
  for (const c of plan.crossings) {
    const arrow = c.direction === 'inbound' ? `${c.peer} → ${c.device}` : `${c.device} → ${c.peer}`;
    lines.push(sanitizeText(`  ${arrow} ${c.service} (${c.segment} ⇄ ${c.peerSegment})${c.note ? `: ${c.note}` : ''}`));
  }
  return `${lines.join('\n')}\n`;
}
