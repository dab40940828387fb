/** The answers of the Settings API (src/server/settings-schemas.ts), as the dashboard reads them. */

export interface EditHint {
  file: string | null;
  keys: string[];
}

export interface SecretRef {
  field: string;
  source: 'env' | 'config-file';
  env: string | null;
  set: boolean;
}

type Sourced<T> = { value: T; source: 'config' | 'built-in' };
type Window = { start: string; end: string };

export interface PolicyRule {
  level: 'vendor' | 'model' | 'device';
  key: string;
  mode: 'auto' | 'notify' | 'hold' | null;
  reason: string | null;
  until: string | null;
  window: Window | null;
  canaryCount: number | null;
  soakMs: number | null;
  acceptBreakages: string[];
}

export interface TargetFailure {
  eventKey: string;
  title: string;
  kind: string;
  severity: string;
  attempts: number;
  lastError: string | null;
  updatedMs: number;
}

export interface NotificationTarget {
  name: string;
  kind: 'webhook' | 'ntfy';
  url: string;
  urlRedacted: boolean;
  secret: { role: 'signing secret' | 'access token'; env: string; set: boolean } | null;
  minSeverity: string;
  quietHours: { start: string; end: string; critical: boolean } | null;
  failures: TargetFailure[];
  retrying: number;
}

export interface Settings {
  configFile: string | null;
  networks: {
    ranges: string[];
    ports: string;
    credentialChecks: boolean;
    dhcpLeases: string[];
    scanSchedule: string;
    edit: EditHint;
  };
  credentials: {
    entries: Array<{
      index: number;
      appliesTo: { by: 'family' | 'address' | 'mac' | 'deviceId'; value: string };
      trustOnFirstUse: boolean;
      hasUsername: boolean;
      secrets: SecretRef[];
    }>;
    services: Array<{ key: string; what: string; secret: SecretRef }>;
    secretsFile: {
      file: string;
      exists: boolean;
      devices: Array<{ deviceId: string; address: string; family: string | null; set: boolean }>;
      problem: string | null;
    } | null;
    edit: EditHint;
  };
  firmware: {
    configured: boolean;
    timeZone: { value: string; source: 'config' | 'system' };
    default: {
      mode: Sourced<'auto' | 'notify' | 'hold'>;
      window: Sourced<Window>;
      canaryCount: Sourced<number>;
      soakMs: Sourced<number>;
      acceptBreakages: string[];
    };
    rules: PolicyRule[];
    holds: { inConfig: number; setFromCliOrDashboard: number };
    edit: EditHint;
  };
  notifications: {
    timeZone: { value: string; source: 'notifications' | 'firmware' | 'system' };
    targets: NotificationTarget[];
    edit: EditHint;
  };
}

export interface TestNotificationResult {
  target: string;
  delivered: boolean;
  error: string | null;
  sentAtMs: number;
  durationMs: number;
}
