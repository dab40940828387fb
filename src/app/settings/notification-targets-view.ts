/**
 * The notification targets as the owner configured them, with what must not leave iotwarden.yaml taken out: the URL
 * shows only its origin (redact-url.ts) and a secret only its environment variable's name and whether it is set.
 * Each target carries its recent failed deliveries, read from the outbox the notifier already keeps.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { DeliveryRecord } from '../../store/serve-types.ts';
import { redactUrl } from '../notify/redact-url.ts';

/** Failed deliveries shown per target: the newest few say enough to notice a broken target. */
export const FAILURES_PER_TARGET = 5;

export interface TargetFailure {
  eventKey: string;
  title: string;
  kind: string;
  severity: string;
  attempts: number;
  lastError: string | null;
  updatedMs: number;
}

export interface NotificationTargetView {
  name: string;
  kind: 'webhook' | 'ntfy';
  url: string;
  urlRedacted: boolean;
  /** The webhook's HMAC secret or the ntfy token, by variable name; null when the target has none. */
  secret: { role: 'signing secret' | 'access token'; env: string; set: boolean } | null;
  minSeverity: string;
  quietHours: { start: string; end: string; critical: boolean } | null;
  failures: TargetFailure[];
  /** Deliveries waiting for another try after a failure. */
  retrying: number;
}

export interface NotificationsView {
  /** The zone quiet hours are read in, and where it comes from. */
  timeZone: { value: string; source: 'notifications' | 'firmware' | 'system' };
  targets: NotificationTargetView[];
}

type Delivery = DeliveryRecord & { title: string; kind: string; severity: string };

/** `deliveries`: recent failed and pending deliveries from the outbox, newest first. */
export function notificationsView(
  config: IotwardenConfig,
  env: NodeJS.ProcessEnv,
  deliveries: readonly Delivery[],
): NotificationsView {
  const { notifications } = config;
  const timeZone = notifications.timeZone
    ? { value: notifications.timeZone, source: 'notifications' as const }
    : config.firmware?.timeZone
      ? { value: config.firmware.timeZone, source: 'firmware' as const }
      : { value: Intl.DateTimeFormat().resolvedOptions().timeZone, source: 'system' as const };
  const targets = notifications.targets.map((target): NotificationTargetView => {
    const url = redactUrl(target.url);
    const secretEnv = target.kind === 'webhook' ? target.secretEnv : target.tokenEnv;
    const mine = deliveries.filter((d) => d.target === target.name);
    return {
      name: target.name,
      kind: target.kind,
      url: url.shown,
      urlRedacted: url.hidden,
      secret: secretEnv
        ? {
            role: target.kind === 'webhook' ? 'signing secret' : 'access token',
            env: secretEnv,
            set: (env[secretEnv] ?? '') !== '',
          }
        : null,
      minSeverity: target.minSeverity,
      quietHours: target.quietHours ?? null,
      failures: mine
        .filter((d) => d.state === 'failed')
        .slice(0, FAILURES_PER_TARGET)
        .map((d) => ({
          eventKey: d.eventKey,
          title: d.title,
          kind: d.kind,
          severity: d.severity,
          attempts: d.attempts,
          lastError: d.lastError,
          updatedMs: d.updatedMs,
        })),
      retrying: mine.filter((d) => d.state === 'pending' && d.attempts > 0).length,
    };
  });
  return { timeZone, targets };
}
