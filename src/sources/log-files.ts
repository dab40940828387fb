import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
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

/** The lines of a log file, gunzipped when needed; read errors name the file. */
export async function* readLogLines(file: LogFile): AsyncGenerator<string> {
  const raw = createReadStream(file.path);
  const input: Readable = file.gzip ? raw.pipe(createGunzip()) : raw;
  const failures: unknown[] = [];
  const fail = (error: unknown): void => {
    failures.push(error);
    input.destroy();
  };
  raw.on('error', fail);
  if (input !== raw) input.on('error', fail);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (failures.length > 0) break;
      yield line;
    }
  } catch (error) {
    throw fileError(file.path, error);
  } finally {
    lines.close();
    raw.destroy();
    input.destroy();
  }
  if (failures.length > 0) throw fileError(file.path, failures[0]);
}
