import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { IotwardenError } from '../errors/index.ts';

/** The file operations an atomic write uses; tests hand in one that fails half-way, as a full disk does. */
export interface AtomicWriteIo {
  openSync(path: string, flags: string, mode: number): number;
  writeSync(fd: number, data: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
}

const nodeIo: AtomicWriteIo = {
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, data, offset, length) => fs.writeSync(fd, data, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (path, options) => fs.rmSync(path, options),
};

export interface AtomicWriteOptions {
  /** Permissions of the new file. Default 0600: reports and signatures describe the owner's network. */
  mode?: number;
  io?: AtomicWriteIo;
}

/**
 * Writes `data` to `file` so that a reader sees the old content or the new, never a truncated mix: the data goes to
 * a temporary file in the same directory (same file system, so rename(2) replaces the target atomically, POSIX
 * rename), is flushed to disk, and only then renamed over the target. A full disk or a crash leaves the old file
 * byte-identical, and the temporary file is removed.
 */
export function writeFileAtomic(file: string, data: string | Buffer, options: AtomicWriteOptions = {}): void {
  const io = options.io ?? nodeIo;
  const target = resolve(file);
  // 'wx' creates the file exclusively: an attacker's symlink at a guessed name is never followed.
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = io.openSync(temp, 'wx', options.mode ?? 0o600);
    for (let offset = 0; offset < bytes.length; ) offset += io.writeSync(fd, bytes, offset, bytes.length - offset);
    io.fsyncSync(fd);
    io.closeSync(fd);
    fd = undefined;
    io.renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeQuietly(io, fd);
    io.rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new IotwardenError('ERR_WRITE_FILE', `cannot write ${file}: ${code}; the previous file is unchanged`, {
      cause: error,
    });
  }
}

function closeQuietly(io: AtomicWriteIo, fd: number): void {
  try {
    io.closeSync(fd);
  } catch {
    // Already failing: the write error is the one worth reporting.
  }
}
