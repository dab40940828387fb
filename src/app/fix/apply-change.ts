/**
 * One setting change with its guardrails (issue 13; docs/decisions/fix-guardrails.md): read the setting (the
 * snapshot), journal the change, store a new password, write, read back until it shows (for a password: log in
 * with it), health-check the device, and only then mark it done. Any failure reverts where the API allows and says
 * exactly what state the device is in.
 */
import type { CredentialLookup } from '../../families/device-adapter.ts';
import type { Evidence, HostFacts } from '../../families/facts.ts';
import type { InstallContext, InstallDevice } from '../../families/installer.ts';
import type { SettingChange, SettingFix } from '../../families/setting-fix.ts';
import { type ControlReading, checkHealth, healthPorts, readControlState } from '../firmware/health-check.ts';
import type { ChangeResult } from './apply-types.ts';
import type { FixEnvironment, RunCredentials } from './fix-environment.ts';
import { choosePassword, type NewPassword, passwordNote } from './passwords.ts';
import type { PlannedChange, PlannedDevice } from './plan.ts';
import { waitForValue } from './verify.ts';

/** One device during a run: its inventory facts, a fresh scan before the first change, and its control state. */
export interface DeviceRun {
  planned: PlannedDevice;
  before: HostFacts;
  device: InstallDevice;
  control: ControlReading | undefined;
}

export interface ChangeTools {
  env: FixEnvironment;
  credentials: RunCredentials;
  context(lookup: CredentialLookup): InstallContext;
  rescan(lookup: CredentialLookup): ReturnType<NonNullable<FixEnvironment['rescan']>>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function result(run: DeviceRun, planned: PlannedChange, fields: Partial<ChangeResult>): ChangeResult {
  return {
    device: run.planned,
    fixId: planned.fixId,
    checkId: planned.finding.checkId,
    setting: planned.change.setting,
    status: 'skipped',
    before: undefined,
    after: undefined,
    detail: '',
    password: undefined,
    problems: [],
    evidence: [],
    ...fields,
  };
}

/** One audit entry of a change: before and after in the log's before→after columns (never a secret). */
async function audit(
  tools: ChangeTools,
  run: DeviceRun,
  res: 'started' | 'ok' | 'failed' | 'skipped',
  detail: string,
  data: { fixId: string; change?: SettingChange } & Record<string, unknown>,
) {
  await tools.env.store.firmware.appendAudit({
    timeMs: tools.env.clock.now(),
    actor: tools.env.actor ?? 'cli',
    action: 'fix',
    deviceId: run.planned.deviceId,
    ...(data.change ? { beforeVersion: data.change.before, afterVersion: data.change.after } : {}),
    result: res,
    detail,
    data,
  });
}

/** The health check after a change: reachable, the same device (family and reported id), control still readable. */
async function healthProblems(tools: ChangeTools, run: DeviceRun, lookup: CredentialLookup): Promise<string[]> {
  const context = tools.context(lookup);
  const control = run.control
    ? { before: run.control, read: () => readControlState(run.device.facts, run.device, context) }
    : undefined;
  const report = await checkHealth(run.before, tools.rescan(lookup), {
    ports: healthPorts(run.before, []),
    signal: tools.env.signal,
    ...(control ? { control } : {}),
  });
  const problems = [...report.problems];
  const wasId = run.before.device?.deviceId;
  const nowId = report.after?.device?.deviceId;
  if (report.reachable && wasId !== undefined && nowId !== wasId) {
    problems.push(`it now reports the device id ${nowId ?? '(none)'} instead of ${wasId}`);
  }
  return problems;
}

/** Applies one planned change to a device; never throws for a device's misbehaviour, only for an abort. */
export async function applyChange(
  tools: ChangeTools,
  run: DeviceRun,
  planned: PlannedChange,
  fix: SettingFix,
): Promise<ChangeResult> {
  const current = tools.context(tools.credentials.lookup);
  let snapshot: Awaited<ReturnType<SettingFix['read']>>;
  try {
    snapshot = await fix.read(run.device, current, planned.change);
  } catch (error) {
    if (tools.env.signal.aborted) throw error;
    const detail = `not changed: the ${planned.change.setting} could not be read first (${message(error)})`;
    await audit(tools, run, 'skipped', detail, { fixId: fix.id });
    return result(run, planned, { detail });
  }
  if (snapshot.value === planned.change.after) {
    const detail = `nothing to do: ${planned.change.setting} is already ${snapshot.value}`;
    return result(run, planned, { status: 'already', before: snapshot.value, after: snapshot.value, detail });
  }
  const change: SettingChange = { ...planned.change, before: snapshot.value };
  const password = change.newPassword
    ? choosePassword(
        run.device,
        run.planned.deviceId,
        change.newPassword.username,
        tools.env.credentials,
        tools.env.secrets,
      )
    : undefined;
  return journalled(tools, run, { ...planned, change }, fix, password, [snapshot.evidence]);
}

async function journalled(
  tools: ChangeTools,
  run: DeviceRun,
  planned: PlannedChange,
  fix: SettingFix,
  password: NewPassword | undefined,
  evidence: Evidence[],
): Promise<ChangeResult> {
  const { env } = tools;
  const { change } = planned;
  const entry = await env.store.fixes.begin({
    deviceId: run.planned.deviceId,
    address: run.planned.address,
    fixId: fix.id,
    checkId: planned.finding.checkId,
    change,
    startedMs: env.clock.now(),
  });
  await audit(tools, run, 'started', `${change.setting}: ${change.before} → ${change.after}`, {
    fixId: fix.id,
    change,
  });
  // 1. The new secret is stored before the device has it: a crash after the write cannot lose it.
  if (password?.source === 'generated') storeSecret(tools, run, password.credential);
  const next = password
    ? tools.credentials.withCredential(run.planned.address, password.credential)
    : tools.credentials.lookup;
  const outcome = await writeAndVerify(tools, run, planned, fix, next, evidence);
  const base = { before: change.before, password: password?.source, evidence };
  if (outcome.ok) {
    tools.credentials.override(run.planned.address, password?.credential);
    const note = password ? `; ${passwordNote(password.source, run.planned.address)}` : '';
    const detail = `${change.setting} changed from ${change.before} to ${change.after}, verified${note}`;
    await env.store.fixes.finish(entry.id, 'done', detail, env.clock.now());
    await audit(tools, run, 'ok', detail, { fixId: fix.id, change, evidence });
    return result(run, planned, { ...base, status: 'done', after: change.after, detail });
  }
  const undo = await revert(tools, run, planned, fix, next, password);
  const detail = `${change.setting} not changed: ${outcome.reason}. ${undo.detail}`;
  await env.store.fixes.finish(entry.id, undo.restored ? 'reverted' : 'failed', detail, env.clock.now());
  await audit(tools, run, 'failed', detail, { fixId: fix.id, change, problems: outcome.problems });
  const status = undo.restored ? 'reverted' : 'failed';
  return result(run, planned, { ...base, status, after: undo.value, detail, problems: outcome.problems });
}

function storeSecret(tools: ChangeTools, run: DeviceRun, credential: NewPassword['credential']): void {
  const { facts } = run.device;
  tools.env.secrets.put({
    deviceId: run.planned.deviceId,
    address: run.planned.address,
    family: facts.family,
    ...(facts.mac ? { mac: facts.mac } : {}),
    ...(facts.deviceId ? { reportedId: facts.deviceId } : {}),
    username: credential.username,
    password: credential.password,
    createdMs: tools.env.clock.now(),
  });
}

type WriteOutcome = { ok: true } | { ok: false; reason: string; problems: string[] };

async function writeAndVerify(
  tools: ChangeTools,
  run: DeviceRun,
  planned: PlannedChange,
  fix: SettingFix,
  next: CredentialLookup,
  evidence: Evidence[],
): Promise<WriteOutcome> {
  const context = tools.context(next);
  try {
    evidence.push(await fix.write(run.device, context, planned.change));
  } catch (error) {
    if (tools.env.signal.aborted) throw error;
    // The write may still have arrived (a timeout after the device acted): the read below tells.
    evidence.push({ sent: `${fix.id} write`, received: message(error) });
  }
  const timing = { waitMs: tools.env.verifyWaitMs ?? 30_000, pollMs: tools.env.pollIntervalMs ?? 1000 };
  const verified = await waitForValue(fix, run.device, context, planned.change, planned.change.after, timing);
  if (verified.reading) evidence.push(verified.reading.evidence);
  if (!verified.ok) {
    const reason = verified.authRefused
      ? `the device refused the login with the new password (${verified.reason})`
      : verified.reason;
    return { ok: false, reason, problems: [] };
  }
  const problems = await healthProblems(tools, run, next);
  if (problems.length > 0) return { ok: false, reason: `the health check failed: ${problems.join('; ')}`, problems };
  return { ok: true };
}

/**
 * Puts the old value back: first with the credentials of the change (a new password the device may have taken),
 * then with those from before. Says exactly what state the device is in when neither works.
 */
async function revert(
  tools: ChangeTools,
  run: DeviceRun,
  planned: PlannedChange,
  fix: SettingFix,
  next: CredentialLookup,
  password: NewPassword | undefined,
): Promise<{ restored: boolean; value: string | undefined; detail: string }> {
  const { change } = planned;
  const lookups = [next, tools.credentials.lookup];
  let value: string | undefined;
  for (const lookup of lookups) {
    const context = tools.context(lookup);
    try {
      value = (await fix.read(run.device, context, change)).value;
      if (value === change.before) return { restored: true, value, detail: `It still has ${change.before}.` };
      if (!fix.revert) break;
      await fix.revert(run.device, context, change);
      value = (await fix.read(run.device, context, change)).value;
      if (value === change.before) return { restored: true, value, detail: `Put back to ${change.before}.` };
    } catch (error) {
      if (tools.env.signal.aborted) throw error;
    }
  }
  const where = value === undefined ? 'could not be read' : `now reports ${value}`;
  const how = fix.revert ? 'putting it back failed' : 'this change cannot be undone through the device';
  const secret = password ? ` If its login is on now, ${passwordNote(password.source, run.planned.address)}.` : '';
  return { restored: false, value, detail: `Its ${change.setting} ${where}; ${how}.${secret}` };
}
