/**
 * `firmware hold` and `firmware release` as use cases: the argument names a device (id, name, address or MAC) or,
 * failing that, a model some known device has. Holds set in iotwarden.yaml are not touched: they change by editing it.
 */
import { UsageError } from '../../errors/index.ts';
import type { Store } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import type { FirmwareSession } from './firmware-session.ts';
import { holdDevice, holdModel, releaseHolds } from './policy-holds.ts';
import { modelMatches } from './policy-match.ts';
import type { StoredHold } from './types.ts';

export type HoldTarget =
  | { scope: 'device'; deviceId: string; name: string | undefined }
  | { scope: 'model'; model: string };

/** A device first; else a model some known device has; else a usage error listing the known models. */
export async function resolveHoldTarget(store: Store, ref: string): Promise<HoldTarget> {
  const device = await store.device(ref);
  if (device) return { scope: 'device', deviceId: device.deviceId, name: device.name };
  const models = (await store.devices()).flatMap((d) => (d.facts.device?.model ? [d.facts.device.model] : []));
  if (models.some((model) => modelMatches(ref, model))) return { scope: 'model', model: ref.trim() };
  // Models come from devices: each is capped so that one absurd model cannot flood the message.
  const known = [...new Set(models)].sort().map((model) => sanitizeText(model, { maxLength: 80 }));
  throw new UsageError(
    `"${ref}" is neither a known device nor the model of one (known models: ${known.join(', ') || 'none'})`,
    { code: 'ERR_NO_DEVICE' },
  );
}

/** Holds a device's or a model's updates until a date, with a reason; the audit log records it. */
export async function holdFirmware(
  session: FirmwareSession,
  ref: string,
  request: { reason: string; until: string },
): Promise<{ target: HoldTarget; hold: StoredHold }> {
  const { nowMs, actor, policy } = session;
  const full = { ...request, actor, nowMs, timeZone: policy.timeZone };
  const target = await resolveHoldTarget(session.store, ref);
  const hold =
    target.scope === 'device'
      ? await holdDevice(session.firmware, { deviceId: target.deviceId, name: target.name }, full)
      : await holdModel(session.firmware, target.model, full);
  return { target, hold };
}

/** Releases the holds set from the CLI on a device or a model; returns what was released (maybe nothing). */
export async function releaseFirmware(
  session: FirmwareSession,
  ref: string,
): Promise<{ target: HoldTarget; released: StoredHold[] }> {
  const target = await resolveHoldTarget(session.store, ref);
  const scope =
    target.scope === 'device'
      ? { scope: 'device' as const, deviceId: target.deviceId, ...(target.name ? { name: target.name } : {}) }
      : target;
  const released = await releaseHolds(session.firmware, scope, { actor: session.actor, nowMs: session.nowMs });
  return { target, released };
}
