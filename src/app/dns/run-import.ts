/**
 * `iotwarden dns import`: imports every chosen source into the inventory, one after the other. A failing source
 * does not stop the others; its error is reported with its stable code, and what it imported before failing stays.
 * A failure of the inventory itself (locked, corrupt) stops the run.
 */
import { importDns } from '../../sources/import-dns.ts';
import type { DnsSourceReader } from '../../sources/source.ts';
import { DnsSourceError } from '../../sources/source-errors.ts';
import type { DnsImportResult, DnsSourceRef } from '../../sources/types.ts';
import type { Store } from '../../store/index.ts';
import { recordDnsSightings } from './dns-sightings.ts';

export type SourceOutcome =
  | { ok: true; result: DnsImportResult }
  | { ok: false; source: DnsSourceRef; code: string; message: string };

export interface ImportRunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Imports each source into the DNS tables of `store`. */
export async function importSources(
  store: Store,
  readers: readonly DnsSourceReader[],
  options: ImportRunOptions = {},
): Promise<SourceOutcome[]> {
  const outcomes: SourceOutcome[] = [];
  for (const reader of readers) {
    try {
      const result = await importDns(store.dns, reader, {
        onAnswers: (answers) => store.dnsAnswers.record(answers),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      outcomes.push({ ok: true, result });
    } catch (error) {
      // The source's own failures are per source; a store failure (locked, full disk) stops everything.
      if (!(error instanceof DnsSourceError)) throw error;
      outcomes.push({ ok: false, source: reader.ref, code: error.code, message: error.message });
    }
  }
  // Clients become inventory devices, "not scanned yet" until a scan sees them (issue 12).
  if (outcomes.some((o) => o.ok)) await recordDnsSightings(store);
  return outcomes;
}
