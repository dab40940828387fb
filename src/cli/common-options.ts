import { type LoadedConfig, loadConfig } from '../config/load-config.ts';
import { openStore, resolveDbPath, type Store } from '../store/index.ts';

/** Help text of `--db FILE`, which every command that touches the inventory takes (IOTWARDEN_DB works too). */
export const DB_OPTION_HELP = 'inventory database (default: $IOTWARDEN_DB, else ~/.local/share/iotwarden/iotwarden.db)';
export const CONFIG_OPTION_HELP =
  'config file (default: $IOTWARDEN_CONFIG, ./iotwarden.yaml or ~/.config/iotwarden/iotwarden.yaml)';

export function openInventory(db: string | undefined, options: { readonly?: boolean } = {}): Promise<Store> {
  return openStore(resolveDbPath(db === undefined ? {} : { flag: db }), options);
}

export function readConfig(file: string | undefined): LoadedConfig {
  return loadConfig(file);
}

/** Runs `work` with the store open and always closes it, so a failure never leaves the database locked. */
export async function withStore<T>(
  db: string | undefined,
  work: (store: Store) => Promise<T>,
  readonly = false,
): Promise<T> {
  const store = await openInventory(db, { readonly });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
