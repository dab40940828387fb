/** What the serve tables hold, as the rest of iotwarden sees it (camelCase, no SQL). */

export interface UserRecord {
  id: number;
  username: string;
  passwordHash: string;
  createdMs: number;
}

export interface SessionRecord {
  idSha256: string;
  userId: number;
  username: string;
  csrfToken: string;
  createdMs: number;
  lastSeenMs: number;
  expiresMs: number;
  revokedMs: number | null;
}

export type TokenScope = 'read' | 'write';

export interface ApiTokenRecord {
  id: number;
  name: string;
  scope: TokenScope;
  createdMs: number;
  lastUsedMs: number | null;
  revokedMs: number | null;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
export type JobTrigger = 'schedule' | 'request';

export interface JobRecord {
  id: string;
  kind: string;
  trigger: JobTrigger;
  state: JobState;
  queuedMs: number;
  startedMs: number | null;
  finishedMs: number | null;
  summary: string | null;
  errorCode: string | null;
  result: unknown;
}

export interface NotificationEventRecord {
  /** Stable: the same fact always gives the same key, so it is delivered once. */
  eventKey: string;
  kind: string;
  severity: string;
  timeMs: number;
  title: string;
  body: string;
  deviceId: string | null;
  data: unknown;
}

export type DeliveryState = 'pending' | 'sent' | 'failed' | 'skipped';

export interface DeliveryRecord {
  id: number;
  eventKey: string;
  target: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptMs: number;
  lastError: string | null;
  updatedMs: number;
}

/** One complete scan's device scores, for the home score over time. */
export interface ScanScores {
  scanId: number;
  finishedMs: number;
  scores: number[];
}
