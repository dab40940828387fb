import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BoundedLineSplitter } from './bounded-lines.ts';
import { fileError } from './source-errors.ts';

/** One file of a rotated log set. */
export interface LogFile {
  path: string;
  /** 0 for the live file, n for `<file>.n` / `<file>.n.gz`; higher is older. */
  generation: number;
  gzip: boolean;
  mtimeMs: number;
}

/**
 * The live log and its rotations, oldest first: `<file>.3.gz`, `<file>.2.gz`, `<file>.1`, `<file>` (logrotate's
 * numbering with `delaycompress`, as Debian rotates /var/log/dnsmasq.log; AdGuard Home keeps `querylog.json.1`).
 * The live file must exist; rotations are optional.
 */
export function rotatedLogFiles(file: string): LogFile[] {
  let live: LogFile;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    live = { path: file, generation: 0, gzip: file.endsWith('.gz'), mtimeMs: stat.mtimeMs };
  } catch (error) {
    throw fileError(file, error);
  }
  const name = basename(file);
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)(\\.gz)?$`);
  const rotated: LogFile[] = [];
  for (const entry of readdirSync(dirname(file))) {
    const match = pattern.exec(entry);
    if (!match) continue;
    const path = join(dirname(file), entry);
    rotated.push({ path, generation: Number(match[1]), gzip: match[2] !== undefined, mtimeMs: statSync(path).mtimeMs });
  }
  rotated.sort((a, b) => b.generation - a.generation);
  return [...rotated, live];
}

/**
 * The longest line a log reader accepts. A dnsmasq `log-queries` line is at most a few hundred bytes (a 253-byte name,
 * stamps and addresses) and an AdGuard Home querylog.json entry about 1 KiB even with a long answer, so 64 KiB is
 * generous, while a hostile or damaged file can no longer make one line that outgrows memory (a small gzip of one
 * 700 MB line used to end the import with a RangeError).
 */
export const MAX_LOG_LINE_BYTES = 64 * 1024;

/** What a read of one log file had to leave out. */
export interface LogReadStats {
  /** Lines longer than the limit, skipped. */
  overlong: number;
}

/**
 * The lines of a log file (`\n` or `\r\n` endings), gunzipped when needed; read errors name the file. Data streams
 * through in chunks, so memory stays near one chunk plus one line however large or compressed the file is; a line
 * longer than `maxLineBytes` is dropped as it streams past and counted in `stats`.
 */
export async function* readLogLines(
  file: LogFile,
  stats: LogReadStats,
  maxLineBytes = MAX_LOG_LINE_BYTES,
): AsyncGenerator<string> {
  const raw = createReadStream(file.path);
  const input: Readable = file.gzip ? raw.pipe(createGunzip()) : raw;
  const failures: unknown[] = [];
  const fail = (error: unknown): void => {
    failures.push(error);
    input.destroy();
  };
  raw.on('error', fail);
  if (input !== raw) input.on('error', fail);
  const lines = new BoundedLineSplitter(maxLineBytes, () => {
    stats.overlong += 1;
  });
  try {
    for await (const chunk of input) {
      if (failures.length > 0) break;
      yield* lines.push(chunk as Buffer);
    }
    if (failures.length === 0) yield* lines.end();
  } catch (error) {
    throw fileError(file.path, failures[0] ?? error);
  } finally {
    raw.destroy();
    input.destroy();
  }
  if (failures.length > 0) throw fileError(file.path, failures[0]);
}

/** The note an import shows for lines it skipped: "skipped 1 line longer than 64 KiB in /var/log/dnsmasq.log". */
export function overlongLinesNote(path: string, count: number, maxLineBytes = MAX_LOG_LINE_BYTES): string {
  return `skipped ${count} line${count === 1 ? '' : 's'} longer than ${maxLineBytes / 1024} KiB in ${path}`;
}
