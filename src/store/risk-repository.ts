/**
 * The risk tables (migration 008): the owner's context per device and risk decisions. Every decision and context
 * change is written with its audit entry in one transaction, so the log never misses one that took effect.
 */
import type { Kysely } from 'kysely';
import type { AuditActor, AuditEntryInput } from './audit-types.ts';
import { type DatabaseHandle, readWith, withWriteTransaction } from './database.ts';
import { insertAuditEntry } from './firmware-audit-repository.ts';
import type { RiskDecisionsTable } from './risk-schema.ts';
import type { StoreSchema } from './schema.ts';

type Db = Kysely<StoreSchema>;
type DecisionRow = Omit<RiskDecisionsTable, 'id'> & { id: number };

/** A risk decision as stored. */
export interface StoredRiskDecision {
  id: number;
  deviceId: string;
  decision: RiskDecisionsTable['decision'];
  reason: string;
  until: string | null;
  action: string | null;
  findingKeys: string[];
  createdMs: number;
  actor: AuditActor;
}

export type NewRiskDecision = Omit<StoredRiskDecision, 'id'>;

export class RiskRepository {
  readonly #handle: DatabaseHandle;

  constructor(handle: DatabaseHandle) {
    this.#handle = handle;
  }

  /** The owner's context of every device that has one, as stored JSON values (the caller validates them). */
  contexts(): Promise<Map<string, unknown>> {
    return readWith(this.#handle, 'read risk context from', async (db) => {
      const rows = await db.selectFrom('risk_context').selectAll().execute();
      return new Map(rows.map((row) => [row.device_id, JSON.parse(row.context_json) as unknown]));
    });
  }

  /** Replaces a device's context and logs the change. */
  setContext(deviceId: string, context: unknown, audit: AuditEntryInput): Promise<void> {
    return withWriteTransaction(this.#handle, 'store risk context in', async (db) => {
      const values = { device_id: deviceId, context_json: JSON.stringify(context), updated_ms: audit.timeMs };
      await db
        .insertInto('risk_context')
        .values(values)
        .onConflict((conflict) => conflict.column('device_id').doUpdateSet(values))
        .execute();
      await insertAuditEntry(db, audit);
    });
  }

  /** Open decisions (expired acceptances included: expiry is judged against the caller's clock), oldest first. */
  openDecisions(): Promise<StoredRiskDecision[]> {
    return readWith(this.#handle, 'read risk decisions from', async (db) => {
      const rows = await db
        .selectFrom('risk_decisions')
        .selectAll()
        .where('closed_ms', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toDecision);
    });
  }

  /** Records a decision, closing the device's open one, with its audit entry. */
  decide(decision: NewRiskDecision, audit: AuditEntryInput): Promise<StoredRiskDecision> {
    return withWriteTransaction(this.#handle, 'store a risk decision in', async (db) => {
      await closeOpen(db, [decision.deviceId], decision.createdMs, decision.actor);
      const row = await db
        .insertInto('risk_decisions')
        .values({
          device_id: decision.deviceId,
          decision: decision.decision,
          reason: decision.reason,
          until_date: decision.until,
          action: decision.action,
          finding_keys_json: JSON.stringify(decision.findingKeys),
          created_ms: decision.createdMs,
          actor: decision.actor,
          closed_ms: null,
          closed_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await insertAuditEntry(db, audit);
      return toDecision(row);
    });
  }

  /** Closes decisions (an expired acceptance put back for review, a mitigation whose findings cleared). */
  close(ids: readonly number[], closedMs: number, by: AuditActor, audit: readonly AuditEntryInput[]): Promise<void> {
    return withWriteTransaction(this.#handle, 'close risk decisions in', async (db) => {
      if (ids.length > 0) {
        await db
          .updateTable('risk_decisions')
          .set({ closed_ms: closedMs, closed_by: by })
          .where('id', 'in', ids)
          .where('closed_ms', 'is', null)
          .execute();
      }
      for (const entry of audit) await insertAuditEntry(db, entry);
    });
  }
}

async function closeOpen(db: Db, deviceIds: readonly string[], closedMs: number, by: AuditActor): Promise<void> {
  await db
    .updateTable('risk_decisions')
    .set({ closed_ms: closedMs, closed_by: by })
    .where('device_id', 'in', deviceIds)
    .where('closed_ms', 'is', null)
    .execute();
}

function toDecision(row: DecisionRow): StoredRiskDecision {
  return {
    id: row.id,
    deviceId: row.device_id,
    decision: row.decision,
    reason: row.reason,
    until: row.until_date,
    action: row.action,
    findingKeys: JSON.parse(row.finding_keys_json) as string[],
    createdMs: row.created_ms,
    actor: row.actor,
  };
}
