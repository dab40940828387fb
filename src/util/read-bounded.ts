import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads a file as UTF-8, or returns undefined when it holds more than `maxBytes`. It reads at most `maxBytes + 1`
 * bytes, so a huge file, a device such as /dev/zero or an endless pipe named by mistake is never read whole.
 * OS errors (ENOENT, EACCES, EISDIR) are thrown as they are, for the caller to phrase.
 */
export function readFileBounded(file: string, maxBytes: number): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return length > maxBytes ? undefined : buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
