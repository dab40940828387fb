import { overlongLinesNote, readLogLines, rotatedLogFiles } from '../log-files.ts';
import type { DnsImportSink, DnsReadOptions, DnsReadOutcome, DnsSourceReader } from '../source.ts';
import type { DnsSourceRef } from '../types.ts';
import { parseFileEntry } from './entry.ts';
import { TimeCursorFilter } from './time-cursor.ts';

const CHECKPOINT_ENTRIES = 50_000;

/**
 * AdGuard Home's `querylog.json` (JSON Lines, one logEntry per line, oldest first) and its rotation
 * `querylog.json.1`. New entries are found by time (see TimeCursorFilter), which survives rotation.
 */
export class AdguardLogSource implements DnsSourceReader {
  readonly ref: DnsSourceRef;

  constructor(file: string) {
    this.ref = { kind: 'adguard-log', location: file };
  }

  async read(cursor: unknown, sink: DnsImportSink, options: DnsReadOptions): Promise<DnsReadOutcome> {
    const filter = new TimeCursorFilter(cursor);
    let malformed = 0;
    let pending = 0;
    let skipped = 0;
    const limitations: string[] = [];
    for (const file of rotatedLogFiles(this.ref.location)) {
      const stats = { overlong: 0 };
      for await (const line of readLogLines(file, stats)) {
        if (line.trim() === '') continue;
        const entry = parseFileEntry(line);
        if (!entry) {
          malformed += 1;
          continue;
        }
        if (!filter.isNew(entry)) {
          skipped += 1;
          continue;
        }
        sink.add(entry.query);
        filter.counted(entry);
        pending += 1;
        if (pending >= CHECKPOINT_ENTRIES) {
          options.signal.throwIfAborted();
          sink.checkpoint(filter.cursor());
          pending = 0;
        }
      }
      if (stats.overlong > 0) limitations.push(overlongLinesNote(file.path, stats.overlong));
    }
    if (pending > 0) sink.checkpoint(filter.cursor());
    if (skipped > 0) sink.skip(skipped);
    if (malformed > 0)
      limitations.push(`${malformed} line(s) were not AdGuard Home query log entries and were ignored`);
    return { limitations };
  }
}
