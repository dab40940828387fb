/**
 * The API's shapes as the dashboard reads them (see /api/openapi.json; src/server/schemas.ts is the source). Every
 * string in them may come from a device and is untrusted: it is only ever rendered as text.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeverityCounts = Record<Severity, number>;

export interface Session {
  kind: 'session' | 'token';
  username: string | null;
  canWrite: boolean;
  csrfToken: string | null;
}

export interface DeviceRow {
  id: string;
  name: string | null;
  family: string | null;
  address: string;
  mac: string | null;
  vendor: string | null;
  model: string | null;
  firmware: { installed: string | null; latest: string | null };
  score: number;
  findingCounts: SeverityCounts;
  worstSeverity: Severity | null;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Home Assistant's area (the room) and floor; untrusted text. */
  area: string | null;
  floor: string | null;
}

export interface DevicePage {
  total: number;
  offset: number;
  limit: number;
  rows: DeviceRow[];
}

export interface Evidence {
  sent: string;
  received: string;
}

export interface Finding {
  checkId: string;
  severity: Severity;
  title: string;
  subject?: string;
  detail: string;
  evidence: Evidence[];
  remediation: string[];
  references: string[];
}

export interface DeviceDetail {
  device: DeviceRow;
  facts: Record<string, unknown>;
  findings: Finding[];
  skipped: { checkId: string; reason: string }[];
  addressHistory: { address: string; firstSeenMs: number; lastSeenMs: number }[];
  history: { scanId: number; address: string; observedMs: number; score: number; sources: string[] }[];
}

export interface FindingRow {
  deviceId: string;
  device: string | null;
  address: string;
  scanId: number;
  finding: Finding;
}

export interface Summary {
  homeScore: number;
  devices: number;
  findings: SeverityCounts;
  scoreHistory: { scanId: number; timeMs: number; score: number; devices: number }[];
  topActions: { checkId: string; severity: Severity; text: string; deviceIds: string[]; points: number }[];
  decisions: {
    deviceId: string;
    name: string;
    kind: 'breakage' | 'held-with-critical-fix';
    targetVersion: string | null;
    reason: string;
  }[];
  recentChanges: { timeMs: number; kind: string; severity: string; title: string; deviceId: string | null }[];
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';

export interface Job {
  id: string;
  kind: string;
  trigger: 'schedule' | 'request';
  state: JobState;
  queuedMs: number;
  startedMs: number | null;
  finishedMs: number | null;
  summary: string | null;
  errorCode: string | null;
}

export interface JobStarted {
  jobId: string;
  existing: boolean;
}

export interface Delivery {
  id: number;
  eventKey: string;
  target: string;
  state: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  nextAttemptMs: number;
  lastError: string | null;
  updatedMs: number;
  title: string;
  kind: string;
  severity: string;
}

/** The firmware views (src/app/firmware): only the fields the dashboard shows. */
export interface FirmwareDevice {
  deviceId: string;
  name: string | null;
  address: string;
  family: string;
  vendor: string | null;
  model: string | null;
}

export interface FirmwareState {
  installed: string | null;
  latest: string | null;
  updateAvailable: boolean;
  releaseDate?: string | null;
  cvesFixed: { id: string; severity?: string }[];
  limitations: string[];
}

export interface FirmwareStatusRow {
  device: FirmwareDevice;
  state: FirmwareState;
  decision: { action: string; reason: string; targetVersion?: string };
}

export interface FirmwarePlan {
  installs: (FirmwareStatusRow & { order: number; role: string; rolloutGroup: string })[];
  waiting: FirmwareStatusRow[];
  upToDate: FirmwareStatusRow[];
}

export interface Hold {
  id: number;
  scope: 'device' | 'model';
  target: string;
  reason: string;
  until: string;
  createdMs: number;
  automatic: boolean;
}

export interface AuditEntry {
  id: number;
  timeMs: number;
  actor: string;
  action: string;
  deviceId?: string;
  model?: string;
  beforeVersion?: string;
  afterVersion?: string;
  result: string;
  detail: string;
}

/** One event of /api/events (src/app/jobs/live-events.ts). */
export type LiveEvent = { seq: number; timeMs: number } & (
  | { type: 'job'; jobId: string; kind: string; state: JobState; summary: string | null }
  | { type: 'scan-progress'; jobId: string; phase: string; percent: number; text: string }
  | { type: 'rollout-step'; jobId: string; deviceId: string; name: string; action: string; reason: string }
  | { type: 'finding'; deviceId: string; checkId: string; severity: string; title: string }
  | { type: 'device'; deviceId: string; change: 'new' | 'gone' | 'returned' }
);

/** One row of the risk register as `GET /api/risk` gives it (the `risk --json` contract); device text is untrusted. */
export interface RiskEntry {
  deviceId: string;
  name: string;
  address: string;
  level: 'low' | 'medium' | 'high' | 'critical';
  score: number;
  impact: { level: number; dimension: string; harm: string; because: string };
  likelihood: { level: number };
  reason: string;
  decision: { kind: string; reason: string; until: string | null; status: string } | null;
}

export interface RiskRegisterData {
  generatedAt: string;
  entries: RiskEntry[];
}
