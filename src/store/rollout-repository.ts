import type { Kysely } from 'kysely';
import type { HostFacts } from '../families/facts.ts';
import { type DatabaseHandle, readWith, withWriteTransaction } from './database.ts';
import type { RolloutState, RolloutsTable, StepRole, StepState, StepsTable } from './rollout-schema.ts';
import type { StoreSchema } from './schema.ts';

export type { RolloutState, StepRole, StepState } from './rollout-schema.ts';

export interface Rollout {
  id: number;
  modelKey: string;
  vendor: string;
  model: string;
  targetVersion: string | undefined;
  state: RolloutState;
  canaryCount: number;
  soakMs: number;
  /** Set once every canary succeeded: the rest waits until then. */
  soakUntilMs: number | undefined;
  createdMs: number;
  haltedReason: string | undefined;
  steps: RolloutStep[];
}

export interface RolloutStep {
  deviceId: string;
  position: number;
  role: StepRole;
  state: StepState;
  fromVersion: string | undefined;
  toVersion: string | undefined;
  startedMs: number | undefined;
  finishedMs: number | undefined;
  outcome: string | undefined;
  summary: string | undefined;
  /** The facts the health check compares against, saved when the install started. */
  beforeFacts: HostFacts | undefined;
}

type Db = Kysely<StoreSchema>;

export interface NewRollout {
  modelKey: string;
  vendor: string;
  model: string;
  targetVersion: string | undefined;
  canaryCount: number;
  soakMs: number;
  nowMs: number;
  /** In rollout order; the first `canaryCount` are the canaries. */
  devices: Array<{ deviceId: string; fromVersion: string | undefined }>;
}

export type StepUpdate = Partial<
  Pick<RolloutStep, 'state' | 'toVersion' | 'startedMs' | 'finishedMs' | 'outcome' | 'summary' | 'beforeFacts'>
>;

/**
 * Durable rollout progress (migration 004-firmware-rollout). Every state change is one committed write, made before
 * the action it announces: "install started" is on disk before the install request leaves.
 */
export class RolloutRepository {
  readonly #handle: DatabaseHandle;

  /** The rollout tables of an open, migrated database; Store makes one per connection. */
  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
  }

  get file(): string {
    return this.#handle.file;
  }

  /** Rollouts in progress (active), oldest first, with their steps in order. */
  active(): Promise<Rollout[]> {
    return this.#read('read firmware rollouts from', async (db) => {
      const rows = await db
        .selectFrom('firmware_rollouts')
        .selectAll()
        .where('state', '=', 'active')
        .orderBy('id')
        .execute();
      return Promise.all(rows.map((row) => withSteps(db, row)));
    });
  }

  /** Every rollout, newest first (history for `firmware log` style views). */
  all(limit = 50): Promise<Rollout[]> {
    return this.#read('read firmware rollouts from', async (db) => {
      const rows = await db.selectFrom('firmware_rollouts').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return Promise.all(rows.map((row) => withSteps(db, row)));
    });
  }

  create(rollout: NewRollout): Promise<Rollout> {
    return this.#write('start a firmware rollout in', async (db) => {
      const row = await db
        .insertInto('firmware_rollouts')
        .values({
          model_key: rollout.modelKey,
          vendor: rollout.vendor,
          model: rollout.model,
          target_version: rollout.targetVersion ?? null,
          state: 'active',
          canary_count: rollout.canaryCount,
          soak_ms: rollout.soakMs,
          soak_until_ms: null,
          created_ms: rollout.nowMs,
          updated_ms: rollout.nowMs,
          halted_reason: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (const [position, device] of rollout.devices.entries()) {
        await db
          .insertInto('firmware_rollout_steps')
          .values({
            rollout_id: row.id,
            device_id: device.deviceId,
            position,
            role: position < rollout.canaryCount ? 'canary' : 'rest',
            state: 'pending',
            from_version: device.fromVersion ?? null,
            to_version: null,
            started_ms: null,
            finished_ms: null,
            outcome: null,
            summary: null,
            before_facts_json: null,
          })
          .execute();
      }
      return withSteps(db, row);
    });
  }

  updateStep(rolloutId: number, deviceId: string, update: StepUpdate, nowMs: number): Promise<void> {
    return this.#write('record firmware rollout progress in', async (db) => {
      const set: Partial<StepsTable> = {};
      if (update.state !== undefined) set.state = update.state;
      if (update.toVersion !== undefined) set.to_version = update.toVersion;
      if (update.startedMs !== undefined) set.started_ms = update.startedMs;
      if (update.finishedMs !== undefined) set.finished_ms = update.finishedMs;
      if (update.outcome !== undefined) set.outcome = update.outcome;
      if (update.summary !== undefined) set.summary = update.summary;
      if (update.beforeFacts !== undefined) set.before_facts_json = JSON.stringify(update.beforeFacts);
      await db
        .updateTable('firmware_rollout_steps')
        .set(set)
        .where('rollout_id', '=', rolloutId)
        .where('device_id', '=', deviceId)
        .execute();
      await db.updateTable('firmware_rollouts').set({ updated_ms: nowMs }).where('id', '=', rolloutId).execute();
    });
  }

  setSoakUntil(rolloutId: number, soakUntilMs: number, nowMs: number): Promise<void> {
    return this.#write('record firmware rollout progress in', async (db) => {
      await db
        .updateTable('firmware_rollouts')
        .set({ soak_until_ms: soakUntilMs, updated_ms: nowMs })
        .where('id', '=', rolloutId)
        .execute();
    });
  }

  /** Ends a rollout: `done`, or `halted` with the reason; pending steps are marked skipped. */
  finish(rolloutId: number, state: 'done' | 'halted', nowMs: number, reason?: string): Promise<void> {
    return this.#write('finish a firmware rollout in', async (db) => {
      await db
        .updateTable('firmware_rollout_steps')
        .set({ state: 'skipped', summary: reason ?? 'not needed', finished_ms: nowMs })
        .where('rollout_id', '=', rolloutId)
        .where('state', '=', 'pending')
        .execute();
      await db
        .updateTable('firmware_rollouts')
        .set({ state, updated_ms: nowMs, halted_reason: reason ?? null })
        .where('id', '=', rolloutId)
        .execute();
    });
  }

  #write<T>(action: string, work: (db: Db) => Promise<T>): Promise<T> {
    return withWriteTransaction(this.#handle, action, work);
  }

  #read<T>(action: string, query: (db: Db) => Promise<T>): Promise<T> {
    return readWith(this.#handle, action, query);
  }
}

async function withSteps(db: Db, row: Omit<RolloutsTable, 'id'> & { id: number }): Promise<Rollout> {
  const steps = await db
    .selectFrom('firmware_rollout_steps')
    .selectAll()
    .where('rollout_id', '=', row.id)
    .orderBy('position')
    .execute();
  return {
    id: row.id,
    modelKey: row.model_key,
    vendor: row.vendor,
    model: row.model,
    targetVersion: row.target_version ?? undefined,
    state: row.state,
    canaryCount: row.canary_count,
    soakMs: row.soak_ms,
    soakUntilMs: row.soak_until_ms ?? undefined,
    createdMs: row.created_ms,
    haltedReason: row.halted_reason ?? undefined,
    steps: steps.map((s) => ({
      deviceId: s.device_id,
      position: s.position,
      role: s.role,
      state: s.state,
      fromVersion: s.from_version ?? undefined,
      toVersion: s.to_version ?? undefined,
      startedMs: s.started_ms ?? undefined,
      finishedMs: s.finished_ms ?? undefined,
      outcome: s.outcome ?? undefined,
      summary: s.summary ?? undefined,
      beforeFacts: s.before_facts_json === null ? undefined : (JSON.parse(s.before_facts_json) as HostFacts),
    })),
  };
}
