/** Terminal text of `flows collect`, `flows import` and `flows status`. Reasons quote the input: sanitised. */
import type { CollectFlowsResult } from '../../app/flows/collect-flows.ts';
import type { ConntrackImportResult } from '../../app/flows/import-conntrack.ts';
import type { FlowSourceRow } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';

function counts(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
}

export function collectText(result: CollectFlowsResult): string {
  const { stats, listen } = result;
  const lines = [
    `Collected ${stats.flows} flows in ${stats.packets} packets from ${stats.exporters} exporter(s) on ${listen.address}:${listen.port}; stored in ${stats.batches} batch(es).`,
  ];
  if (stats.dropped > 0)
    lines.push(`  dropped ${stats.dropped} packet(s) undecoded: the exporter sent faster than they could be decoded`);
  if (Object.keys(stats.refused).length > 0) lines.push(`  refused packets: ${counts(stats.refused)}`);
  if (Object.keys(stats.problems).length > 0) lines.push(`  problems: ${counts(stats.problems)}`);
  if (stats.lastError) lines.push(`  last: ${sanitizeText(stats.lastError.message)} [${stats.lastError.code}]`);
  lines.push('Next: iotwarden policy learn');
  return `${lines.join('\n')}\n`;
}

export function conntrackText(result: ConntrackImportResult): string {
  const lines = [
    sanitizeText(
      `${result.location}: ${result.connections} connections, ${result.newConnections} not seen before (the rest add only their new traffic).`,
    ),
  ];
  if (result.unknownFields.length > 0) {
    lines.push(
      `  note: fields this iotwarden does not know (a newer kernel?) were ignored: ${sanitizeText(result.unknownFields.join(', '))}`,
    );
  }
  if (result.refused > 0) {
    lines.push(`  ${result.refused} line(s) could not be read and were skipped [ERR_CONNTRACK_LINE]:`);
    for (const example of result.refusedExamples)
      lines.push(`    line ${example.line}: ${sanitizeText(example.reason)}`);
  }
  if (result.overlong > 0) lines.push(`  ${result.overlong} line(s) longer than 4 KiB were skipped`);
  if (result.cut) lines.push('  reading stopped at 1 000 000 lines');
  lines.push('Next: iotwarden policy learn');
  return `${lines.join('\n')}\n`;
}

export function flowSourcesText(sources: readonly FlowSourceRow[]): string {
  if (sources.length === 0) {
    return 'No flow sources yet: run iotwarden flows collect, or iotwarden flows import --conntrack FILE.\n';
  }
  const lines = sources.map((s) => {
    const last = s.last_import_ms === null ? 'never' : new Date(s.last_import_ms).toISOString();
    const error = s.last_error ? `; last problem: ${s.last_error} [${s.last_error_code}]` : '';
    return sanitizeText(`${s.kind} ${s.location}: ${s.imported_flows} flows, last ${last}${error}`);
  });
  return `${lines.join('\n')}\n`;
}
