import { chmodSync, existsSync, statSync } from 'node:fs';

/** The database, its WAL and its shared-memory file: SQLite keeps the network map in all three. */
const COMPANIONS = ['', '-wal', '-shm'];

/**
 * Takes group and other permissions away from an existing database and its WAL/SHM files: they hold a map of the
 * owner's network (addresses, MACs, open services, findings). Files iotwarden creates are 0600 already; this fixes
 * files an older version, a backup tool or `cp` left readable by others. Owner bits stay as they are, so a file the
 * owner made read-only stays read-only. Returns a sentence for the user when the main file changed, else undefined.
 */
export function tightenFileMode(file: string): string | undefined {
  let notice: string | undefined;
  for (const suffix of COMPANIONS) {
    const path = `${file}${suffix}`;
    if (!existsSync(path)) continue;
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) === 0) continue;
    const tightened = mode & 0o700;
    try {
      chmodSync(path, tightened);
    } catch (error) {
      // Not our file (another owner): say so rather than fail; opening it may still work and is the user's call.
      if (suffix === '')
        notice = `${file} is readable by other users (mode ${octal(mode)}) and its mode could not be changed: ${(error as Error).message}`;
      continue;
    }
    if (suffix === '') notice = `tightened permissions of ${file} to ${octal(tightened)} (it was ${octal(mode)})`;
  }
  return notice;
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
