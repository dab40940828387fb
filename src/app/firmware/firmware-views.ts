/** The read side of firmware management: status per device, the dry-run plan, the audit log, the catalogue in use. */
import { requireDevice } from '../diff/device-diff.ts';
import type { FirmwareCatalogue } from './catalogue.ts';
import type { FirmwareSession } from './firmware-session.ts';
import { firmwareStates } from './firmware-state.ts';
import { buildPlan, type FirmwarePlan } from './plan.ts';
import { decide } from './policy-engine.ts';
import type { AuditEntry, DeviceFirmware, FirmwareDecision } from './types.ts';

export interface StatusRow extends DeviceFirmware {
  decision: FirmwareDecision;
}

/** Every identified device: installed and latest firmware, and what the policy decides now. */
export async function firmwareStatus(session: FirmwareSession): Promise<StatusRow[]> {
  const { store, catalogue, policy, nowMs } = session;
  return (await firmwareStates(store, catalogue)).map((entry) => ({
    ...entry,
    decision: decide(entry.device, entry.state, policy, nowMs),
  }));
}

/** What `firmware apply` would do: with `now`, as if the maintenance window were open. */
export async function firmwarePlan(session: FirmwareSession, options: { now: boolean }): Promise<FirmwarePlan> {
  const { store, catalogue, policy, nowMs } = session;
  return buildPlan(await firmwareStates(store, catalogue), policy, nowMs, { now: options.now });
}

export interface FirmwareLog {
  entries: AuditEntry[];
  /** Device id → name (or address), for showing entries about devices. */
  names: Map<string, string>;
}

/** The audit log, oldest first: all of it, one device's entries, or the newest `limit`. */
export async function firmwareLog(
  session: FirmwareSession,
  filter: { device?: string | undefined; limit?: number | undefined },
): Promise<FirmwareLog> {
  const deviceId =
    filter.device === undefined ? undefined : (await requireDevice(session.store, filter.device)).deviceId;
  const entries = await session.firmware.auditEntries({
    ...(deviceId ? { deviceId } : {}),
    ...(filter.limit ? { limit: filter.limit } : {}),
  });
  const names = new Map((await session.store.devices()).map((d) => [d.deviceId, d.name ?? d.address]));
  return { entries, names };
}

export interface CatalogueSummary {
  serial: number;
  published: string;
  origin: string;
  source: string;
  keyId: string;
  sha256: string;
  models: number;
  advisories: number;
}

/** Which catalogue is in use: serial, publication date, origin and signing key. */
export function catalogueSummary(catalogue: FirmwareCatalogue): CatalogueSummary {
  return {
    serial: catalogue.serial,
    published: catalogue.document.published,
    origin: catalogue.origin.kind,
    source: catalogue.origin.source,
    keyId: catalogue.origin.keyId,
    sha256: catalogue.origin.sha256,
    models: catalogue.document.models.length,
    advisories: catalogue.advisories.length,
  };
}
