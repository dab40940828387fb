export { resolveDbPath } from './db-path.ts';
export type { FindingFilter } from './finding-repository.ts';
export { STORE_ERROR_CODES } from './sqlite-errors.ts';
export { type OpenStoreOptions, openStore, Store } from './store.ts';
export type * from './types.ts';
