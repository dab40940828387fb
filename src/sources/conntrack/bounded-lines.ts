/**
 * Lines of a stream (a file, a pipe from `conntrack -L` or `ssh router cat /proc/net/nf_conntrack`) with a bound on
 * each line and on their number: a damaged or hostile input cannot make one line, or the whole table, outgrow
 * memory. Over-long lines are skipped and counted; reading stops at `maxLines`.
 * (src/sources/log-files.ts has the same bound for rotated logs on another branch; one splitter should serve both.)
 */
import type { Readable } from 'node:stream';

export interface LineLimits {
  maxLineBytes: number;
  maxLines: number;
}

export interface LineStats {
  lines: number;
  overlong: number;
  /** True when reading stopped at maxLines. */
  cut: boolean;
}

export async function* boundedLines(input: Readable, limits: LineLimits, stats: LineStats): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  const emit = function* (piece: Buffer): Generator<string> {
    if (skipping || pendingBytes + piece.length > limits.maxLineBytes) {
      stats.overlong += 1;
    } else {
      const line = Buffer.concat([...pending, piece]).toString('utf8');
      stats.lines += 1;
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
    pending = [];
    pendingBytes = 0;
    skipping = false;
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (let newline = buffer.indexOf(10, start); newline >= 0; newline = buffer.indexOf(10, start)) {
      yield* emit(buffer.subarray(start, newline));
      start = newline + 1;
      if (stats.lines >= limits.maxLines) {
        stats.cut = true;
        input.destroy();
        return;
      }
    }
    const rest = buffer.subarray(start);
    if (skipping || pendingBytes + rest.length > limits.maxLineBytes) {
      skipping = true;
      pending = [];
      pendingBytes = 0;
    } else if (rest.length > 0) {
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0 || skipping) yield* emit(Buffer.alloc(0));
}
