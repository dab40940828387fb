/**
 * Holds set from the CLI (`firmware hold` / `firmware release`) or by the apply engine after a failed canary.
 * Each hold and release is audit-logged in the same transaction.
 */
import { UsageError } from '../../errors/index.ts';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import { holdMatches, modelMatches } from './policy-match.ts';
import { dateStartMs, isoDateAt } from './policy-window.ts';
import type { AuditActor, FirmwareDevice, StoredHold } from './types.ts';

export interface HoldRequest {
  reason: string;
  /** YYYY-MM-DD; the hold ends when this date begins (local time in `timeZone`). */
  until: string;
  actor: AuditActor;
  /** Set by the apply engine rather than a person. */
  automatic?: boolean;
  nowMs: number;
  timeZone: string;
}

function validate(request: HoldRequest): void {
  if (request.reason.trim().length === 0) {
    throw new UsageError('a hold needs a reason (--reason "…")', { code: 'ERR_HOLD_REASON' });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.until) || Number.isNaN(Date.parse(`${request.until}T00:00:00Z`))) {
    throw new UsageError(`--until must be a date like 2026-06-30, not "${request.until}"`, { code: 'ERR_HOLD_UNTIL' });
  }
  if (dateStartMs(request.until, request.timeZone) <= request.nowMs) {
    throw new UsageError(
      `--until ${request.until} is not in the future (today is ${isoDateAt(request.nowMs, request.timeZone)}); a hold ends when that date begins`,
      { code: 'ERR_HOLD_UNTIL' },
    );
  }
}

/** Holds every device of `model` (`HS100(UK)`, or `HS100` for all regions). */
export async function holdModel(store: FirmwareRepository, model: string, request: HoldRequest): Promise<StoredHold> {
  validate(request);
  const { hold } = await store.addHold(
    { scope: 'model', target: model, ...holdFields(request) },
    {
      timeMs: request.nowMs,
      actor: request.actor,
      action: 'hold',
      model,
      result: 'ok',
      detail: `Held firmware updates for model ${model} until ${request.until}: ${request.reason}`,
      data: { automatic: request.automatic ?? false, until: request.until },
    },
  );
  return hold;
}

/** Holds one device (by its iotwarden id). */
export async function holdDevice(
  store: FirmwareRepository,
  device: Pick<FirmwareDevice, 'deviceId' | 'name'>,
  request: HoldRequest,
): Promise<StoredHold> {
  validate(request);
  const { hold } = await store.addHold(
    { scope: 'device', target: device.deviceId, ...holdFields(request) },
    {
      timeMs: request.nowMs,
      actor: request.actor,
      action: 'hold',
      deviceId: device.deviceId,
      result: 'ok',
      detail: `Held firmware updates for ${device.name ?? device.deviceId} until ${request.until}: ${request.reason}`,
      data: { automatic: request.automatic ?? false, until: request.until },
    },
  );
  return hold;
}

function holdFields(request: HoldRequest): Omit<StoredHold, 'id' | 'scope' | 'target'> {
  return {
    reason: request.reason.trim(),
    until: request.until,
    createdMs: request.nowMs,
    actor: request.actor,
    automatic: request.automatic ?? false,
  };
}

/** What to release: one device's own holds, or the holds on a model. */
export type ReleaseTarget = { scope: 'device'; deviceId: string; name?: string } | { scope: 'model'; model: string };

/** Releases the matching active holds; returns them (empty when nothing was held). */
export async function releaseHolds(
  store: FirmwareRepository,
  target: ReleaseTarget,
  options: { actor: AuditActor; nowMs: number },
): Promise<StoredHold[]> {
  const active = await store.activeHolds();
  const matching = active.filter((hold) =>
    target.scope === 'device'
      ? hold.scope === 'device' && hold.target === target.deviceId
      : hold.scope === 'model' && modelMatches(target.model, hold.target),
  );
  return store.releaseHolds(
    matching.map((hold) => hold.id),
    options.nowMs,
    options.actor,
    (hold) => ({
      timeMs: options.nowMs,
      actor: options.actor,
      action: 'release',
      ...(hold.scope === 'device' ? { deviceId: hold.target } : { model: hold.target }),
      result: 'ok',
      detail: `Released the hold on ${hold.scope === 'device' ? (target.scope === 'device' ? (target.name ?? hold.target) : hold.target) : `model ${hold.target}`} (was: ${hold.reason}, until ${hold.until})`,
    }),
  );
}

/** Active stored holds that apply to a device (device and model holds). */
export function holdsFor(holds: readonly StoredHold[], device: FirmwareDevice): StoredHold[] {
  return holds.filter((hold) => holdMatches(hold, device));
}
