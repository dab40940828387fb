import type { Generated } from 'kysely';

/** Row types of migration 004-firmware-rollout, part of StoreSchema. */
export interface RolloutSchema {
  firmware_rollouts: RolloutsTable;
  firmware_rollout_steps: StepsTable;
}

export type RolloutState = 'active' | 'halted' | 'done';
export type StepState = 'pending' | 'install-started' | 'succeeded' | 'failed' | 'skipped';
export type StepRole = 'canary' | 'rest';

export interface RolloutsTable {
  id: Generated<number>;
  model_key: string;
  vendor: string;
  model: string;
  target_version: string | null;
  state: RolloutState;
  canary_count: number;
  soak_ms: number;
  soak_until_ms: number | null;
  created_ms: number;
  updated_ms: number;
  halted_reason: string | null;
}

export interface StepsTable {
  rollout_id: number;
  device_id: string;
  position: number;
  role: StepRole;
  state: StepState;
  from_version: string | null;
  to_version: string | null;
  started_ms: number | null;
  finished_ms: number | null;
  outcome: string | null;
  summary: string | null;
  /** The scan facts the health check compares against, saved when the install starts (see migration 004). */
  before_facts_json: string | null;
}
