/**
 * `iotwarden flows import --conntrack FILE|-`: one snapshot of the connection tracking table (a file such as
 * /proc/net/nf_conntrack copied off the router, or `conntrack -L` piped in) imported incrementally: connections the
 * previous import of the same source already counted add only their new traffic. A snapshot in which no line can be
 * read is refused as a whole and nothing is stored; single unreadable lines are skipped and reported.
 */
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { boundedLines, type LineStats } from '../../sources/conntrack/bounded-lines.ts';
import { readSnapshot } from '../../sources/conntrack/conntrack-snapshot.ts';
import { FLOW_ERROR_CODES, FlowDecodeError } from '../../sources/flows/flow-errors.ts';
import type { Store } from '../../store/index.ts';

/** conntrack lines are ~300 bytes; nf_conntrack_max is 65536–262144 on routers. */
export const CONNTRACK_LIMITS = { maxLineBytes: 4096, maxLines: 1_000_000 };

export interface ImportConntrackOptions {
  /** A file, or undefined to read `input`. */
  file?: string;
  input?: Readable;
  /** The source's name for its state (the file's path, or `--name` for a pipe). */
  location: string;
  /** When the snapshot was taken: the file's modification time, else now. */
  observedMs?: number;
  nowMs: number;
}

export interface ConntrackImportResult {
  location: string;
  /** Connections in the snapshot. */
  connections: number;
  /** Connections not counted by an earlier import of this source. */
  newConnections: number;
  refused: number;
  refusedExamples: Array<{ line: number; reason: string }>;
  /** Fields and flags of a newer kernel that were ignored. */
  unknownFields: string[];
  /** Lines over 4 KiB, skipped; and whether reading stopped at the line limit. */
  overlong: number;
  cut: boolean;
}

function openInput(options: ImportConntrackOptions): { stream: Readable; observedMs: number } {
  if (options.file === undefined) {
    if (!options.input) throw new TypeError('importConntrack needs a file or an input stream');
    return { stream: options.input, observedMs: options.observedMs ?? options.nowMs };
  }
  try {
    const stat = statSync(options.file);
    if (!stat.isFile() && !stat.isFIFO()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    // /proc files report mtime 0 and size 0: a snapshot of /proc is taken now.
    const observedMs = options.observedMs ?? (stat.mtimeMs > 0 ? Math.min(stat.mtimeMs, options.nowMs) : options.nowMs);
    return { stream: createReadStream(options.file), observedMs };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new FlowDecodeError(FLOW_ERROR_CODES.conntrackSource, `${options.file}: cannot read it (${code})`, error);
  }
}

export async function importConntrack(store: Store, options: ImportConntrackOptions): Promise<ConntrackImportResult> {
  const source = store.flows.source('conntrack', options.location);
  const { stream, observedMs } = openInput(options);
  const lineStats: LineStats = { lines: 0, overlong: 0, cut: false };
  let snapshot: Awaited<ReturnType<typeof readSnapshot>>;
  try {
    snapshot = await readSnapshot(
      boundedLines(stream, CONNTRACK_LIMITS, lineStats),
      store.flows.seen(source.id),
      observedMs,
    );
  } catch (error) {
    const failure = new FlowDecodeError(
      FLOW_ERROR_CODES.conntrackSource,
      `${options.location}: reading stopped (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      error,
    );
    store.flows.recordError(source.id, failure.code, failure.message);
    throw failure;
  }
  if (snapshot.entries === 0 && snapshot.refused > 0) {
    const first = snapshot.refusedExamples[0];
    const failure = new FlowDecodeError(
      FLOW_ERROR_CODES.conntrackFormat,
      `${options.location}: none of its ${snapshot.refused} line(s) is a conntrack entry (line ${first?.line}: ${first?.reason}); nothing was imported`,
    );
    store.flows.recordError(source.id, failure.code, failure.message);
    throw failure;
  }
  store.flows.commit(source.id, snapshot.aggregator.drain(), {
    seen: snapshot.seen,
    cursor: { observedMs, connections: snapshot.entries },
    nowMs: options.nowMs,
  });
  return {
    location: options.location,
    connections: snapshot.entries,
    newConnections: snapshot.newConnections,
    refused: snapshot.refused,
    refusedExamples: snapshot.refusedExamples,
    unknownFields: snapshot.unknownFields,
    overlong: lineStats.overlong,
    cut: lineStats.cut,
  };
}
