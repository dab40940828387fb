/**
 * The risk register's use cases over the inventory: read the register, set a device's context, record a decision,
 * and review expired acceptances. No CLI types: `iotwarden risk` and the HTTP API call these alike.
 */
import { UsageError } from '../../errors/index.ts';
import type { AuditActor } from '../../store/audit-types.ts';
import type { Store, StoredRiskDecision } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { activeCatalogue } from '../firmware/catalogue-load.ts';
import { dateStartMs, isoDateAt } from '../firmware/policy-window.ts';
import { homeModel } from '../report/home-views.ts';
import type { ReportModel } from '../report/report-model.ts';
import { findingKey } from './decision-view.ts';
import { type OwnerContextInput, parseOwnerContext, storedOwnerContext } from './owner-context.ts';
import { buildRiskRegister, type RiskRegister } from './register.ts';
import { type DecisionKind, MITIGATION_ACTIONS, type MitigationAction, type OwnerContext } from './types.ts';
import { firstNewerRelease } from './unpatched.ts';

export interface RiskSession {
  store: Store;
  nowMs: number;
  timeZone: string;
  actor: AuditActor;
  /** Context from iotwarden.yaml (`risk.devices`), by device reference; stored context from `risk set` wins. */
  configContext?: ReadonlyMap<string, OwnerContext>;
}

/** The owner's context of every device: config entries resolved to device ids, then `risk set` on top. */
async function ownerContexts(session: RiskSession, model: ReportModel): Promise<Map<string, OwnerContext>> {
  const out = new Map<string, OwnerContext>();
  for (const [ref, context] of session.configContext ?? []) {
    const device = await session.store.device(ref);
    if (device) out.set(device.deviceId, context);
  }
  for (const [deviceId, stored] of await session.store.risk.contexts()) {
    out.set(deviceId, { ...out.get(deviceId), ...storedOwnerContext(stored) });
  }
  for (const device of model.devices) if (!out.has(device.id)) out.set(device.id, {});
  return out;
}

/** The register of the home as the inventory knows it now. */
export async function readRiskRegister(session: RiskSession, model?: ReportModel): Promise<RiskRegister> {
  const home = model ?? (await homeModel(session.store));
  // Warnings about stored catalogues that no longer verify are the firmware commands' to give.
  const catalogue = await activeCatalogue(session.store.firmware, { onWarning: () => undefined });
  return buildRiskRegister(home, {
    newerRelease: (device) => firstNewerRelease(device, catalogue),
    owner: await ownerContexts(session, home),
    decisions: await session.store.risk.openDecisions(),
    holds: await session.store.firmware.activeHolds(),
    nowMs: session.nowMs,
    timeZone: session.timeZone,
  });
}

async function resolveDevice(store: Store, ref: string): Promise<{ deviceId: string; label: string }> {
  const device = await store.device(ref);
  if (!device) {
    throw new UsageError(
      `no device "${sanitizeText(ref, { maxLength: 80 })}" in the inventory (see iotwarden devices)`,
      {
        code: 'ERR_NO_DEVICE',
      },
    );
  }
  return { deviceId: device.deviceId, label: device.name ?? device.facts.address };
}

/** Sets what the owner knows about a device (merged with what was set before); audit-logged. */
export async function setRiskContext(
  session: RiskSession,
  ref: string,
  input: OwnerContextInput,
): Promise<OwnerContext> {
  const parsed = parseOwnerContext(input);
  if (Object.keys(parsed).length === 0) {
    throw new UsageError(
      'nothing to set: give --category, --controls, --room, --outside/--inside, --user or --upside',
      {
        code: 'ERR_RISK_CONTEXT',
      },
    );
  }
  const { deviceId, label } = await resolveDevice(session.store, ref);
  const merged = { ...storedOwnerContext((await session.store.risk.contexts()).get(deviceId)), ...parsed };
  await session.store.risk.setContext(deviceId, merged, {
    timeMs: session.nowMs,
    actor: session.actor,
    action: 'risk-context',
    deviceId,
    result: 'ok',
    detail: `Risk context of ${label} set: ${JSON.stringify(parsed)}`,
    data: parsed,
  });
  return merged;
}

export interface DecisionRequest {
  kind: DecisionKind;
  reason: string;
  /** YYYY-MM-DD, required for `accept`. */
  until?: string | undefined;
  /** Required for `mitigate`. */
  action?: string | undefined;
}

function validateDecision(session: RiskSession, request: DecisionRequest): void {
  if (request.reason.trim().length === 0) {
    throw new UsageError('a risk decision needs a reason (--reason "…")', { code: 'ERR_RISK_REASON' });
  }
  if (request.kind === 'accept') {
    const until = request.until ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`))) {
      throw new UsageError(`--until must be a date like 2027-06-30, not "${until}"`, { code: 'ERR_RISK_UNTIL' });
    }
    if (dateStartMs(until, session.timeZone) <= session.nowMs) {
      throw new UsageError(
        `--until ${until} is not in the future (today is ${isoDateAt(session.nowMs, session.timeZone)}); an acceptance needs an expiry to come back for review`,
        { code: 'ERR_RISK_UNTIL' },
      );
    }
  }
  if (request.kind === 'mitigate' && !(MITIGATION_ACTIONS as readonly string[]).includes(request.action ?? '')) {
    throw new UsageError(`--action must be one of ${MITIGATION_ACTIONS.join(', ')}`, { code: 'ERR_RISK_ACTION' });
  }
}

/** The findings a mitigation action addresses: firmware findings for `firmware`, the others for `fix`, all else. */
function linkedFindingKeys(action: MitigationAction | undefined, findings: ReportModel['devices'][number]['findings']) {
  const isFirmware = (checkId: string) => checkId.startsWith('firmware.');
  const chosen = findings.filter((f) =>
    action === 'firmware' ? isFirmware(f.checkId) : action === 'fix' ? !isFirmware(f.checkId) : true,
  );
  return chosen.filter((f) => f.severity !== 'info').map(findingKey);
}

/** Records accept, mitigate, replace or remove for a device, closing its previous decision; audit-logged. */
export async function decideRisk(
  session: RiskSession,
  ref: string,
  request: DecisionRequest,
): Promise<StoredRiskDecision> {
  validateDecision(session, request);
  const { deviceId, label } = await resolveDevice(session.store, ref);
  const model = await homeModel(session.store);
  const findings = model.devices.find((d) => d.id === deviceId)?.findings ?? [];
  const action = request.kind === 'mitigate' ? (request.action as MitigationAction) : undefined;
  const findingKeys = linkedFindingKeys(action, findings);
  if (request.kind === 'mitigate' && findingKeys.length === 0) {
    throw new UsageError(`${sanitizeText(label)} has no findings that "${action}" addresses; nothing to mitigate`, {
      code: 'ERR_RISK_ACTION',
    });
  }
  const until = request.kind === 'accept' ? (request.until ?? null) : null;
  const what = `${request.kind}${action ? ` (${action})` : ''}${until ? ` until ${until}` : ''}`;
  return session.store.risk.decide(
    {
      deviceId,
      decision: request.kind,
      reason: request.reason.trim(),
      until,
      action: action ?? null,
      findingKeys,
      createdMs: session.nowMs,
      actor: session.actor,
    },
    {
      timeMs: session.nowMs,
      actor: session.actor,
      action: `risk-${request.kind}`,
      deviceId,
      result: 'ok',
      detail: `Risk of ${label}: ${what}: ${request.reason.trim()}`,
      data: { until, action: action ?? null, findingKeys },
    },
  );
}

/**
 * `risk review`: acceptances past their date come back (they are closed and audit-logged, so the device shows as
 * undecided again), and mitigations whose findings have all cleared are closed as done.
 */
export async function reviewRisks(
  session: RiskSession,
): Promise<{ register: RiskRegister; expired: string[]; cleared: string[] }> {
  const register = await readRiskRegister(session);
  const expired = register.entries.filter((e) => e.decision?.status === 'expired');
  const cleared = register.entries.filter((e) => e.decision?.status === 'done');
  const label = (e: (typeof expired)[number]) => e.name ?? e.address;
  const audit = [
    ...expired.map((e) => ({
      timeMs: session.nowMs,
      actor: session.actor,
      action: 'risk-review',
      deviceId: e.deviceId,
      result: 'info' as const,
      detail: `Acceptance of the risk of ${label(e)} expired on ${e.decision!.until}; it needs a new decision`,
    })),
    ...cleared.map((e) => ({
      timeMs: session.nowMs,
      actor: session.actor,
      action: 'risk-review',
      deviceId: e.deviceId,
      result: 'ok' as const,
      detail: `Mitigation (${e.decision!.action}) of ${label(e)} is done: the findings it was about have cleared`,
    })),
  ];
  const ids = [...expired, ...cleared].map((e) => e.decision!.id);
  if (ids.length > 0) await session.store.risk.close(ids, session.nowMs, session.actor, audit);
  return { register: await readRiskRegister(session), expired: expired.map(label), cleared: cleared.map(label) };
}
