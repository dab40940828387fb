/** Terminal text of `iotwarden diff`: two devices, peers, and history. Device-supplied text is sanitised. */
import type { DiffSide, PeerDiff, TwoDeviceDiff } from '../../app/diff/device-diff.ts';
import type { DiffAnswer } from '../../app/diff/diff-question.ts';
import { formatLeaf } from '../../app/diff/flatten-config.ts';
import type { HistoryDiff } from '../../app/diff/history-diff.ts';
import { renderDiffTree, settingName } from '../../app/diff/render-tree.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { paint } from './color.ts';

export function twoDeviceText(diff: TwoDeviceDiff, color: boolean): string {
  const count = diff.differences.length;
  const lines = [
    `${side(diff.a)} ↔ ${side(diff.b)}: ${count === 0 ? 'no setting differs' : `${count} setting${count === 1 ? ' differs' : 's differ'}`}`,
    ...diff.notes.map((note) => paint(sanitizeText(note), 'yellow', color)),
  ];
  if (count > 0)
    lines.push(
      paint(`(${clean(diff.a.label)} → ${clean(diff.b.label)})`, 'dim', color),
      ...renderDiffTree(diff.differences),
    );
  lines.push(paint('Ignored: ids, MACs, names, addresses, clocks and counters.', 'dim', color));
  return `${lines.join('\n')}\n`;
}

export function peersText(diff: PeerDiff, color: boolean): string {
  const names = diff.peers.map((p) => clean(p.label)).join(', ');
  const lines = [
    `${clean(diff.device.label)} (${clean(diff.model)}) against ${diff.peers.length} other ${clean(diff.model)}: ${names}`,
  ];
  if (diff.unreadPeers.length > 0) {
    lines.push(
      paint(`Not compared (configuration never read): ${diff.unreadPeers.map(clean).join(', ')}`, 'yellow', color),
    );
  }
  if (diff.odd.length === 0) {
    lines.push('It is not the odd one out in any setting.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('Odd one out in, most telling first:');
  diff.odd.slice(0, 15).forEach((odd, index) => {
    lines.push(
      `${String(index + 1).padStart(3)}. ${paint(settingName(odd.path), 'bold', color)}: ${clean(formatLeaf(odd.value))} — ${odd.peersAgreeing} of ${odd.peers} others have ${clean(formatLeaf(odd.peerValue))}`,
    );
    if (odd.hint) lines.push(`       ${paint(`may cause traffic: ${odd.hint}`, 'yellow', color)}`);
  });
  if (diff.odd.length > 15) lines.push(`  …and ${diff.odd.length - 15} more (--json lists them all)`);
  return `${lines.join('\n')}\n`;
}

export function historyText(diff: HistoryDiff, color: boolean): string {
  const since = new Date(diff.sinceMs).toISOString().slice(0, 16).replace('T', ' ');
  const lines = [
    `${clean(diff.label)}: ${diff.changes.length === 0 ? 'no configuration change' : `${diff.changes.length} configuration change${diff.changes.length === 1 ? '' : 's'}`} since ${since} UTC (${diff.snapshots} snapshot${diff.snapshots === 1 ? '' : 's'} in that time${diff.baselineBeforeWindow ? ', compared with the one before' : ''})`,
  ];
  for (const change of diff.changes) {
    lines.push(
      paint(
        `${iso(change.fromMs)} → ${iso(change.toMs)} (scan ${change.fromScanId} → scan ${change.toScanId})`,
        'bold',
        color,
      ),
      ...renderDiffTree(change.differences).map((line) => `  ${line}`),
    );
  }
  if (diff.snapshots === 0)
    lines.push('No scan read its configuration in that time: run iotwarden scan to take a snapshot.');
  return `${lines.join('\n')}\n`;
}

function side(s: DiffSide): string {
  const when = s.origin === 'live' ? 'read now' : `snapshot ${iso(s.takenMs)}`;
  return `${clean(s.label)} (${s.address}, ${when})`;
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function clean(text: string): string {
  return sanitizeText(text);
}

/** The terminal text of a diff answer. */
export function diffAnswerText(answer: DiffAnswer, color: boolean): string {
  switch (answer.kind) {
    case 'peers':
      return peersText(answer.diff, color);
    case 'since':
      return historyText(answer.diff, color);
    case 'pair':
      return twoDeviceText(answer.diff, color);
  }
}

/** The `--json` object of a diff answer; two-device diffs leave out the full configurations. */
export function diffAnswerJson(answer: DiffAnswer): unknown {
  if (answer.kind !== 'pair') return answer.diff;
  const { config: _a, ...a } = answer.diff.a;
  const { config: _b, ...b } = answer.diff.b;
  return { ...answer.diff, a, b };
}
