/**
 * The notification outbox: events go in once per key (later copies are dropped), each with one delivery per
 * configured target; `deliverDue` sends what is due under each target's rules and records every outcome, so
 * failures are visible through the API. The HTTP calls run outside any database transaction.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { NotifyTarget } from '../../config/notify-config-schema.ts';
import { openStore } from '../../store/index.ts';
import type { ServeStore } from '../../store/serve-store.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { type SendEnvironment, sendToTarget } from './channels.ts';
import { deliveryVerdict, MAX_ATTEMPTS, retryDelayMs } from './delivery-rules.ts';
import { eventsFromAudit } from './derive-events.ts';
import type { NotifyEvent } from './notify-event.ts';

export interface NotifierOptions {
  store: ServeStore;
  config: () => IotwardenConfig;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface DeliveryRound {
  sent: number;
  failed: number;
  retrying: number;
  deferred: number;
  skipped: number;
}

const BATCH = 50;
/** How far back the audit log is read per look; the scheduler looks every few minutes, so this is ample. */
const AUDIT_WINDOW = 500;

export class Notifier {
  readonly #options: NotifierOptions;
  #delivering: Promise<DeliveryRound> | undefined;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  /**
   * Queues events not seen before. With `baseline`, they are remembered without being sent: the first look at a
   * home that was never watched must not announce every device and destination as new.
   */
  async record(events: readonly NotifyEvent[], options: { baseline?: boolean } = {}): Promise<number> {
    const targets = options.baseline ? [] : this.#targets().map((t) => t.name);
    let added = 0;
    for (const event of events) {
      const record = { ...event, eventKey: event.key, deviceId: event.deviceId, data: event.data };
      if (await this.#options.store.addEventOnce(record, targets)) added += 1;
    }
    if (added > 0) this.#options.log.info({ added, baseline: options.baseline === true }, 'notification events queued');
    return added;
  }

  /** Whether a named milestone (such as the first DNS analysis) has been passed. */
  async seen(name: string): Promise<boolean> {
    return (await this.#options.store.cursor(name)) !== undefined;
  }

  async markSeen(name: string): Promise<void> {
    await this.#options.store.setCursor(name, this.#options.clock.now());
  }

  /**
   * Turns audit log entries written since the last look (by this process or by the CLI) into events. The first
   * look only remembers where the log ends.
   */
  async collectAudit(db: string): Promise<number> {
    const { store } = this.#options;
    const inventory = await openStore(db);
    const { firmware } = inventory;
    try {
      const cursor = await store.cursor('audit');
      const entries = await firmware.auditEntries({ limit: AUDIT_WINDOW });
      const newest = entries.at(-1)?.id ?? 0;
      if (cursor === undefined) {
        await store.setCursor('audit', newest);
        return 0;
      }
      const fresh = entries.filter((e) => e.id > cursor);
      if (fresh.length === 0) return 0;
      const names = new Map((await inventory.devices()).map((d) => [d.deviceId, d.name ?? d.address]));
      const added = await this.record(eventsFromAudit(fresh, (id, fallback) => names.get(id) ?? fallback));
      await store.setCursor('audit', newest);
      return added;
    } finally {
      await inventory.close();
    }
  }

  /** Sends every delivery that is due; a round already running is joined, not doubled. */
  deliverDue(): Promise<DeliveryRound> {
    this.#delivering ??= this.#round().finally(() => {
      this.#delivering = undefined;
    });
    return this.#delivering;
  }

  async #round(): Promise<DeliveryRound> {
    const { store, clock, log } = this.#options;
    const round: DeliveryRound = { sent: 0, failed: 0, retrying: 0, deferred: 0, skipped: 0 };
    const targets = new Map(this.#targets().map((t) => [t.name, t]));
    const config = this.#options.config();
    const timeZone = config.notifications.timeZone ?? config.firmware?.timeZone;
    for (const { delivery, event } of await store.dueDeliveries(clock.now(), BATCH)) {
      const nowMs = clock.now();
      const target = targets.get(delivery.target);
      const base = { attempts: delivery.attempts, nowMs };
      if (!target) {
        await store.updateDelivery(delivery.id, {
          ...base,
          state: 'skipped',
          nextAttemptMs: nowMs,
          lastError: 'the target is no longer in iotwarden.yaml',
        });
        round.skipped += 1;
        continue;
      }
      const verdict = deliveryVerdict(target, event.severity, nowMs, timeZone);
      if ('skip' in verdict) {
        await store.updateDelivery(delivery.id, {
          ...base,
          state: 'skipped',
          nextAttemptMs: nowMs,
          lastError: verdict.skip,
        });
        round.skipped += 1;
        continue;
      }
      if ('deferUntilMs' in verdict) {
        await store.updateDelivery(delivery.id, {
          ...base,
          state: 'pending',
          nextAttemptMs: verdict.deferUntilMs,
          lastError: 'quiet hours',
        });
        round.deferred += 1;
        continue;
      }
      const attempts = delivery.attempts + 1;
      try {
        await sendToTarget(target, toEvent(event), this.#sendEnvironment(nowMs));
        await store.updateDelivery(delivery.id, {
          state: 'sent',
          attempts,
          nextAttemptMs: nowMs,
          lastError: null,
          nowMs: clock.now(),
        });
        round.sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const final = attempts >= MAX_ATTEMPTS;
        await store.updateDelivery(delivery.id, {
          state: final ? 'failed' : 'pending',
          attempts,
          nextAttemptMs: clock.now() + retryDelayMs(attempts),
          lastError: message,
          nowMs: clock.now(),
        });
        log.warn({ target: target.name, attempts, final }, `notification not delivered: ${message}`);
        if (final) round.failed += 1;
        else round.retrying += 1;
      }
    }
    return round;
  }

  #targets(): NotifyTarget[] {
    return this.#options.config().notifications.targets;
  }

  #sendEnvironment(nowMs: number): SendEnvironment {
    return {
      env: this.#options.env,
      nowMs,
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      ...(this.#options.timeoutMs === undefined ? {} : { timeoutMs: this.#options.timeoutMs }),
    };
  }
}

function toEvent(record: {
  eventKey: string;
  kind: string;
  severity: string;
  timeMs: number;
  title: string;
  body: string;
  deviceId: string | null;
  data: unknown;
}): NotifyEvent {
  return {
    key: record.eventKey,
    kind: record.kind as NotifyEvent['kind'],
    severity: record.severity as NotifyEvent['severity'],
    timeMs: record.timeMs,
    title: record.title,
    body: record.body,
    deviceId: record.deviceId,
    data: record.data,
  };
}
