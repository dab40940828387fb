import { initialMigration } from './001-initial.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

/** Every schema step in order. Append only; the newest version is the schema this build writes. */
export const MIGRATIONS: readonly Migration[] = [initialMigration];
