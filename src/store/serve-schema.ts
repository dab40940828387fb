import type { Generated } from 'kysely';

/** Row types of the tables migration 006 creates for `iotwarden serve`. Times are Unix milliseconds. */
export interface ServeSchema {
  users: UsersTable;
  setup_tokens: SetupTokensTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  jobs: JobsTable;
  notification_events: NotificationEventsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notifier_cursors: NotifierCursorsTable;
  scans: { id: number; finished_ms: number; status: string };
  observations: { scan_id: number; device_id: string; score: number };
  devices: { id: string; last_seen_ms: number; name: string | null };
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** `scrypt$N$r$p$salt$hash` (base64url), see src/app/auth/passwords.ts. */
  password_hash: string;
  created_ms: number;
}

export interface SetupTokensTable {
  token_sha256: string;
  created_ms: number;
  expires_ms: number;
  used_ms: number | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not hold a usable session. */
  id_sha256: string;
  user_id: number;
  csrf_token: string;
  created_ms: number;
  last_seen_ms: number;
  /** The absolute end, however active the session is. */
  expires_ms: number;
  revoked_ms: number | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  token_sha256: string;
  scope: 'read' | 'write';
  created_ms: number;
  last_used_ms: number | null;
  revoked_ms: number | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  trigger: 'schedule' | 'request';
  state: 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
  queued_ms: number;
  started_ms: number | null;
  finished_ms: number | null;
  summary: string | null;
  error_code: string | null;
  result_json: string | null;
}

export interface NotificationEventsTable {
  event_key: string;
  kind: string;
  severity: string;
  time_ms: number;
  title: string;
  body: string;
  device_id: string | null;
  data_json: string | null;
}

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  event_key: string;
  target: string;
  state: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  next_attempt_ms: number;
  last_error: string | null;
  updated_ms: number;
}

export interface NotifierCursorsTable {
  name: string;
  value: number;
}
