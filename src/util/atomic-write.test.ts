import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AtomicWriteIo, writeFileAtomic } from './atomic-write.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-atomic-'));
  dirs.push(dir);
  return dir;
}

/** Real file operations, except that writes stop with ENOSPC after `room` bytes, as on a full disk. */
function fullDisk(room: number): AtomicWriteIo {
  let written = 0;
  return {
    openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
    writeSync: (fd, data, offset, length) => {
      const allowed = Math.min(length, room - written);
      if (allowed <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      written += allowed;
      return fs.writeSync(fd, data, offset, allowed);
    },
    fsyncSync: (fd) => fs.fsyncSync(fd),
    closeSync: (fd) => fs.closeSync(fd),
    renameSync: (from, to) => fs.renameSync(from, to),
    rmSync: (path, options) => fs.rmSync(path, options),
  };
}

describe('writeFileAtomic', () => {
  it('replaces the file with the new content, mode 0600 by default', () => {
    const file = join(scratch(), 'report.html');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new content');
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(file, '..'))).toEqual(['report.html']);
  });

  it('leaves the old file byte-identical and no temporary file when the disk fills up mid-write', () => {
    const dir = scratch();
    const file = join(dir, 'report.html');
    const old = Buffer.from('<!DOCTYPE html><p>the good report</p>\n');
    writeFileSync(file, old);
    expect(() => writeFileAtomic(file, 'x'.repeat(100_000), { io: fullDisk(4096) })).toThrow(
      expect.objectContaining({ code: 'ERR_WRITE_FILE', message: expect.stringContaining('ENOSPC') }),
    );
    expect(readFileSync(file).equals(old)).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('fails with a coded error naming the file when the directory does not exist', () => {
    const file = join(scratch(), 'missing', 'report.html');
    expect(() => writeFileAtomic(file, 'x')).toThrow(
      expect.objectContaining({ code: 'ERR_WRITE_FILE', message: expect.stringContaining(file) }),
    );
  });
});
