import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Where the inventory lives. The file holds a map of the owner's network, so it is private to the user. */
export interface DbPathOptions {
  /** The `--db FILE` flag, when given. */
  flag?: string | undefined;
  /** Environment to read `IOTWARDEN_DB`, `XDG_DATA_HOME` and `HOME` from. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Resolves the database file: `--db FILE` > `IOTWARDEN_DB` > `$XDG_DATA_HOME/iotwarden/iotwarden.db` >
 * `~/.local/share/iotwarden/iotwarden.db`. Pure: it creates nothing (openStore creates the directory, mode 0700).
 */
export function resolveDbPath(options: DbPathOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.flag) return resolve(options.flag);
  const fromEnv = env.IOTWARDEN_DB;
  if (fromEnv) return resolve(fromEnv);
  // XDG Base Directory spec: a relative path in these variables is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'iotwarden', 'iotwarden.db');
  const home = env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
  return join(home, '.local', 'share', 'iotwarden', 'iotwarden.db');
}
