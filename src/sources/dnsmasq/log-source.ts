import { overlongLinesNote, readLogLines, rotatedLogFiles } from '../log-files.ts';
import type { DnsImportSink, DnsReadOptions, DnsReadOutcome, DnsSourceReader } from '../source.ts';
import type { DnsQuery, DnsSourceRef } from '../types.ts';
import { DnsmasqAnswerTracker } from './answer-tracker.ts';
import { parseDnsmasqLine, stampToMs } from './line-parser.ts';

/**
 * Resume point: the reading time (1 s resolution in classic syslog stamps) of the last query line counted, and how
 * many query lines with exactly that time were counted. Lines are only ever appended, and rotation or gzip keeps
 * their order, so re-reading the set skips exactly what was counted.
 *
 * The reading time is the latest stamp seen so far in the set, not the line's own stamp: when the router's clock
 * steps back (NTP correcting a clock that ran ahead), the lines after the step are ordered after the cursor instead
 * of being taken for lines already counted. The query itself keeps its own stamp.
 */
export interface DnsmasqCursor {
  timeMs: number;
  atTime: number;
}

function isCursor(value: unknown): value is DnsmasqCursor {
  const c = value as Partial<DnsmasqCursor> | undefined;
  return typeof c?.timeMs === 'number' && typeof c.atTime === 'number';
}

/** Lines an answer may trail its query by before the query counts with status `other` (no answer seen). */
const ANSWER_WINDOW_LINES = 200;
const CHECKPOINT_QUERIES = 50_000;

/**
 * dnsmasq's `log-queries` log with its rotations (`dnsmasq.log.2.gz`, `.1`, live). A query's status comes from the
 * answer line that follows it for the same name (`config x is 0.0.0.0` → blocked, `reply`/`cached`/`forwarded` →
 * allowed); a query whose answer never shows up counts as `other`. The addresses in `reply` and `cached` lines go to
 * the sink's `answer` (they name the destinations of flows); with `answersOnly` nothing else is read, for a log
 * whose queries come in through another source (Pi-hole's pihole.log beside its database).
 */
export class DnsmasqLogSource implements DnsSourceReader {
  readonly ref: DnsSourceRef;
  readonly #answersOnly: boolean;

  constructor(file: string, options: { answersOnly?: boolean } = {}) {
    this.ref = { kind: 'dnsmasq-log', location: file };
    this.#answersOnly = options.answersOnly ?? false;
  }

  async read(cursor: unknown, sink: DnsImportSink, options: DnsReadOptions): Promise<DnsReadOutcome> {
    const start = isCursor(cursor) ? cursor : { timeMs: Number.NEGATIVE_INFINITY, atTime: 0 };
    let next: DnsmasqCursor = isCursor(cursor) ? { ...cursor } : { timeMs: Number.NEGATIVE_INFINITY, atTime: 0 };
    let seenAtStart = 0;
    let skipped = 0;
    let pendingSinceCheckpoint = 0;
    // Queries wait here, in log order, until their answer line or the answer window has passed.
    const queue: Array<{ query: DnsQuery; readingMs: number; line: number }> = [];
    const waiting = new Map<string, DnsQuery[]>();
    let lineNumber = 0;
    let readingMs = Number.NEGATIVE_INFINITY;
    const answers = new DnsmasqAnswerTracker();
    const emit = (upToLine: number): void => {
      while (queue.length > 0 && queue[0]!.line <= upToLine) {
        const { query, readingMs } = queue.shift()!;
        const list = waiting.get(query.domain);
        if (list?.[0] === query) list.shift();
        if (list?.length === 0) waiting.delete(query.domain);
        sink.add(query);
        next =
          readingMs === next.timeMs
            ? { timeMs: next.timeMs, atTime: next.atTime + 1 }
            : { timeMs: readingMs, atTime: 1 };
        pendingSinceCheckpoint += 1;
      }
      if (pendingSinceCheckpoint >= CHECKPOINT_QUERIES) {
        options.signal.throwIfAborted();
        sink.checkpoint(next);
        pendingSinceCheckpoint = 0;
      }
    };
    const limitations: string[] = [];
    for (const file of rotatedLogFiles(this.ref.location)) {
      const stats = { overlong: 0 };
      for await (const text of readLogLines(file, stats)) {
        lineNumber += 1;
        const line = parseDnsmasqLine(text);
        if (!line) continue;
        const timeMs = stampToMs(line.stamp, file.mtimeMs);
        if (line.kind === 'answer') {
          const candidate = waiting.get(line.name)?.find((q) => q.status === 'other');
          if (candidate) candidate.status = line.status;
          // Answers at or after the cursor are new; the answers-only reading has no cursor (its answers are idempotent).
          if (sink.answer && (this.#answersOnly || Math.max(readingMs, timeMs) >= start.timeMs)) {
            for (const answer of answers.answer(line, timeMs)) sink.answer(answer);
          }
          continue;
        }
        answers.other();
        if (this.#answersOnly) continue;
        readingMs = Math.max(readingMs, timeMs);
        if (readingMs < start.timeMs || (readingMs === start.timeMs && seenAtStart < start.atTime)) {
          if (readingMs === start.timeMs) seenAtStart += 1;
          skipped += 1;
          continue;
        }
        const query: DnsQuery = { timeMs, client: line.client, domain: line.name, type: line.type, status: 'other' };
        queue.push({ query, readingMs, line: lineNumber });
        const list = waiting.get(query.domain);
        if (list) list.push(query);
        else waiting.set(query.domain, [query]);
        emit(lineNumber - ANSWER_WINDOW_LINES);
      }
      if (stats.overlong > 0) limitations.push(overlongLinesNote(file.path, stats.overlong));
    }
    emit(Number.POSITIVE_INFINITY);
    if (pendingSinceCheckpoint > 0) sink.checkpoint(next);
    if (skipped > 0) sink.skip(skipped);
    return { limitations };
  }
}
