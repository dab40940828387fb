import type { Generated } from 'kysely';

/** Row types of migration 008-fix-journal, part of StoreSchema. */
export interface FixSchema {
  fix_changes: FixChangesTable;
}

export type FixChangeState = 'started' | 'done' | 'failed' | 'reverted' | 'unknown';

export interface FixChangesTable {
  id: Generated<number>;
  device_id: string;
  address: string;
  fix_id: string;
  check_id: string;
  /** The planned change (setting, before, after, side effects): never a secret. */
  change_json: string;
  state: FixChangeState;
  started_ms: number;
  finished_ms: number | null;
  outcome: string | null;
}
