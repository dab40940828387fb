import { existsSync } from 'node:fs';
import { type LoadedConfig, loadConfig } from '../config/load-config.ts';
import { UsageError } from '../errors/index.ts';
import { openStore, resolveDbPath, type Store } from '../store/index.ts';
import type { CliDeps } from './deps.ts';

/** Help text of `--db FILE`, which every command that touches the inventory takes (IOTWARDEN_DB works too). */
export const DB_OPTION_HELP = 'inventory database (default: $IOTWARDEN_DB, else ~/.local/share/iotwarden/iotwarden.db)';
export const CONFIG_OPTION_HELP =
  'config file (default: $IOTWARDEN_CONFIG, ./iotwarden.yaml or ~/.config/iotwarden/iotwarden.yaml)';
export const DEVICE_ARGUMENT_HELP = 'device id, name, address or MAC';

/** The database file `--db`, IOTWARDEN_DB or the default names. */
export function dbFile(db: string | undefined, deps: Pick<CliDeps, 'env'>): string {
  return resolveDbPath(db === undefined ? { env: deps.env } : { flag: db, env: deps.env });
}

/** Whether the inventory exists yet: read commands treat a missing database as an empty home, and create nothing. */
export function inventoryExists(db: string | undefined, deps: Pick<CliDeps, 'env'>): boolean {
  return existsSync(dbFile(db, deps));
}

export function readConfig(file: string | undefined, deps: Pick<CliDeps, 'env'>): LoadedConfig {
  return loadConfig(file, deps.env);
}

/** Runs `work` with the store open and always closes it, so a failure never leaves the database locked. */
export async function withStore<T>(
  db: string | undefined,
  deps: Pick<CliDeps, 'env'>,
  work: (store: Store) => Promise<T>,
  options: { readonly?: boolean } = {},
): Promise<T> {
  const store = await openStore(dbFile(db, deps), options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Commander parser for counts and timeouts: a whole number above zero, or a usage error naming the value. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`not a positive whole number: ${value}`);
  return n;
}
