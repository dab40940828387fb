import type { Generated } from 'kysely';

/** Row types of the risk tables (migration 008-risk). */
export interface RiskSchema {
  risk_context: RiskContextTable;
  risk_decisions: RiskDecisionsTable;
}

export interface RiskContextTable {
  device_id: string;
  /** The owner's context as JSON (category, controls, room, outside, users, upside). */
  context_json: string;
  updated_ms: number;
}

export interface RiskDecisionsTable {
  id: Generated<number>;
  device_id: string;
  decision: 'accept' | 'mitigate' | 'replace' | 'remove';
  reason: string;
  /** YYYY-MM-DD for acceptances: the acceptance ends when this date begins. */
  until_date: string | null;
  /** A mitigation's action: fix, firmware, confine, move. */
  action: string | null;
  /** JSON array of the finding keys (`checkId` or `checkId:subject`) the decision was made about. */
  finding_keys_json: string;
  created_ms: number;
  actor: 'scheduler' | 'cli';
  closed_ms: number | null;
  closed_by: 'scheduler' | 'cli' | null;
}
