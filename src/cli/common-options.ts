/**
 * What command implementations (`commands/*-run.ts`) share: the inventory and the config file. These pull in the
 * store and the config schemas, so command definitions never import this module (docs/decisions/lazy-commands.md).
 */
import { existsSync } from 'node:fs';
import { type LoadedConfig, loadConfig } from '../config/load-config.ts';
import { openStore, resolveDbPath, type Store } from '../store/index.ts';
import type { CliDeps } from './deps.ts';

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
