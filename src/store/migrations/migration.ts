import type { Kysely } from 'kysely';

/**
 * One schema step. Migrations are append-only: once a version has shipped, never edit it; add the next one.
 * `up` gets an untyped Kysely because it must keep working after StoreSchema moves on.
 */
export interface Migration {
  /** 1, 2, 3 … in file-name order (`NNN-name.ts`). */
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}
