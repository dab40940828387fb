/**
 * "Send a test notification" from Settings: one event of kind `test` straight to one configured target, through the
 * same channel code (signature, token, timeout, size limit) as real events, so a success here means real events
 * arrive. It bypasses the delivery rules on purpose (the owner asked now, quiet hours or not) and is not recorded in
 * the outbox: it reports no fact about the home.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';
import { type SendEnvironment, sendToTarget } from './channels.ts';
import type { NotifyEvent } from './notify-event.ts';

export interface TestNotificationResult {
  target: string;
  delivered: boolean;
  /** Why it was not delivered (names an environment variable, never its value). */
  error: string | null;
  sentAtMs: number;
  durationMs: number;
}

export interface TestNotificationOptions {
  config: IotwardenConfig;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function sendTestNotification(
  targetName: string,
  options: TestNotificationOptions,
): Promise<TestNotificationResult> {
  const target = options.config.notifications.targets.find((t) => t.name === targetName);
  if (!target) {
    const known = options.config.notifications.targets.map((t) => t.name).join(', ') || 'none';
    throw new UsageError(`no notification target is named "${targetName}" in iotwarden.yaml (targets: ${known})`, {
      code: 'ERR_NO_TARGET',
    });
  }
  const sentAtMs = options.clock.now();
  const event: NotifyEvent = {
    key: `test:${target.name}:${sentAtMs}`,
    kind: 'test',
    severity: 'info',
    timeMs: sentAtMs,
    title: 'iotwarden test notification',
    body: `A test from iotwarden's Settings page to the target "${target.name}". If you can read this, notifications reach you.`,
    deviceId: null,
  };
  const environment: SendEnvironment = {
    env: options.env,
    nowMs: sentAtMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const started = performance.now();
  let error: string | null = null;
  try {
    await sendToTarget(target, event, environment);
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  return {
    target: target.name,
    delivered: error === null,
    error,
    sentAtMs,
    durationMs: Math.round(performance.now() - started),
  };
}
