/** The audit log and firmware holds as the store keeps them. The log is append-only (see migration 002). */

/** Who did something recorded in the audit log. */
export type AuditActor = 'scheduler' | 'cli';

/** What was done. The apply engine may add its own actions (the column is free text). */
export type AuditAction =
  | 'check'
  | 'install'
  | 'verify'
  | 'health-check'
  | 'rollout'
  | 'hold'
  | 'release'
  | 'policy-change'
  | 'catalogue-update'
  | 'decision-needed'
  | 'alert'
  | 'auto-update'
  | (string & {});

export type AuditResult = 'ok' | 'started' | 'failed' | 'refused' | 'skipped' | 'info';

/** One audit entry to append. */
export interface AuditEntryInput {
  timeMs: number;
  actor: AuditActor;
  action: AuditAction;
  deviceId?: string;
  /** A model for model-wide actions (a rollout hold). */
  model?: string;
  beforeVersion?: string;
  afterVersion?: string;
  result: AuditResult;
  /** One plain-language line. Never a secret. */
  detail: string;
  /** Structured extras (posture delta, breakage ids, catalogue serial). */
  data?: unknown;
}

/** An audit entry as stored. */
export interface AuditEntry extends AuditEntryInput {
  id: number;
}

/** A hold from the CLI or the apply engine, as the store keeps it. */
export interface StoredHold {
  id: number;
  scope: 'device' | 'model';
  /** Device id for device holds; the model as the device reports it (`HS100(UK)`) for model holds. */
  target: string;
  reason: string;
  /** YYYY-MM-DD: the hold ends when this date begins (local time) and the device goes back to its policy. */
  until: string;
  createdMs: number;
  actor: AuditActor;
  /** Set by the apply engine (a failed canary), not by a person. */
  automatic: boolean;
}
