/** Terminal text of `dns import`, and the `--json` shape of `dns report`. Paths and messages are sanitised. */
import type { SourceOutcome } from '../../app/dns/run-import.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { paint } from './color.ts';

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function outcomeText(outcome: SourceOutcome, color: boolean): string {
  if (!outcome.ok) {
    const line = `✗ ${outcome.source.kind} ${outcome.source.location}: ${outcome.message} [${outcome.code}]`;
    return paint(sanitizeText(line), 'red', color);
  }
  const r = outcome.result;
  const range = r.firstMs === undefined ? '' : `, ${iso(r.firstMs)} to ${iso(r.lastMs ?? r.firstMs)}`;
  const parts = [
    `${r.imported} new queries`,
    `${r.skipped} already imported`,
    ...(r.networkHosts > 0 ? [`${r.networkHosts} network hosts`] : []),
  ];
  return [
    sanitizeText(`✓ ${r.source.kind} ${r.source.location}: ${parts.join(', ')}${range}`),
    ...r.limitations.map((l) => `  note: ${sanitizeText(l)}`),
  ].join('\n');
}

/** One line per source: what it added (or why it failed), then the next step. */
export function dnsImportText(outcomes: readonly SourceOutcome[], color: boolean): string {
  const lines = outcomes.map((outcome) => outcomeText(outcome, color));
  lines.push(paint('Next: iotwarden dns report', 'dim', color));
  return `${lines.join('\n')}\n`;
}
