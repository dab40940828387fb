/**
 * `fix apply` as a use case: settle what a killed run left, build the plan, and apply it one device at a time, one
 * change at a time, stopping at the first change that fails (after putting it back where it can). No CLI types:
 * the `serve` API and Home Assistant call this too.
 */
import { runChecks } from '../../checks/catalogue.ts';
import { scoreDevice, scoreHome } from '../../checks/score.ts';
import type { CredentialLookup } from '../../families/device-adapter.ts';
import type { HostFacts } from '../../families/facts.ts';
import { emptyDeviceFacts } from '../../families/facts.ts';
import type { InstallDevice } from '../../families/installer.ts';
import { scanRescanner } from '../firmware/apply-rescan.ts';
import { healthPorts, readControlState } from '../firmware/health-check.ts';
import { applyChange, type ChangeTools, type DeviceRun } from './apply-change.ts';
import type { ChangeResult, DeviceScoreDelta, FixApplyResult } from './apply-types.ts';
import { settingFixById } from './fix-catalogue.ts';
import { type FixEnvironment, RunCredentials } from './fix-environment.ts';
import { buildFixPlan, type PlannedChange, type PlannedDevice } from './plan.ts';
import { reconcileUnfinished } from './reconcile.ts';

export interface FixApplyRequest {
  env: FixEnvironment;
  device?: string | undefined;
  check?: string | undefined;
}

const MAX_ANSWER_BYTES = 1 << 20;

function makeTools(env: FixEnvironment): ChangeTools {
  const credentials = new RunCredentials(env.credentials, env.secrets);
  const rescan =
    env.rescan ??
    ((lookup: CredentialLookup) =>
      scanRescanner({
        credentials: lookup,
        credentialChecks: false,
        connectPort: env.connectPort,
        requestTimeoutMs: env.requestTimeoutMs ?? 5000,
        log: env.log,
      }));
  return {
    env,
    credentials,
    rescan,
    context: (lookup) => ({
      signal: env.signal,
      timeoutMs: env.requestTimeoutMs ?? 5000,
      maxBytes: MAX_ANSWER_BYTES,
      credentials: lookup,
      clock: env.clock,
      log: env.log,
    }),
  };
}

function skippedAll(changes: PlannedChange[], detail: string): ChangeResult[] {
  return changes.map((planned) => ({
    device: planned.device,
    fixId: planned.fixId,
    checkId: planned.finding.checkId,
    setting: planned.change.setting,
    status: 'skipped',
    before: undefined,
    after: undefined,
    detail,
    password: undefined,
    problems: [],
    evidence: [],
  }));
}

/** Why the device at the address is not the one in the inventory, if it is not. */
function identityMismatch(stored: HostFacts, now: HostFacts): string | undefined {
  const was = stored.device?.deviceId;
  const is = now.device?.deviceId;
  if (was !== undefined && is !== was) return `it now reports the device id ${is ?? '(none)'}, not ${was}`;
  if (stored.mac && now.mac && stored.mac !== now.mac) return `its MAC is now ${now.mac}, not ${stored.mac}`;
  if (stored.device && now.device && stored.device.family !== now.device.family) {
    return `it now identifies as ${now.device.family}, not ${stored.device.family}`;
  }
  return undefined;
}

/** Scans the device afresh (the health baseline), proves it is the inventory's device, reads its control state. */
async function prepareRun(tools: ChangeTools, planned: PlannedDevice): Promise<DeviceRun | string> {
  const { env } = tools;
  const stored = await env.store.device(planned.deviceId);
  if (!stored) return 'the device is no longer in the inventory';
  const ports = healthPorts(stored.facts, []);
  const before = await tools.rescan(tools.credentials.lookup)(planned.address, ports, env.signal);
  if (!before || before.services.length === 0) return `not changed: ${planned.address} does not answer`;
  const mismatch = identityMismatch(stored.facts, before);
  if (mismatch)
    return `not changed: the device at ${planned.address} is not the one iotwarden knows (${mismatch}); scan again first`;
  const facts = before.device ?? stored.facts.device ?? emptyDeviceFacts('generic', 'unknown');
  const device: InstallDevice = {
    address: planned.address,
    facts,
    connectPort: (port, transport) => env.connectPort()(planned.address, port, transport),
  };
  const control = await readControlState(facts, device, tools.context(tools.credentials.lookup));
  return { planned, before, device, control };
}

function scoreOf(host: HostFacts): number {
  return scoreDevice(runChecks(host, { hosts: [host] }).findings).score;
}

function findingKeys(host: HostFacts): Set<string> {
  return new Set(
    runChecks(host, { hosts: [host] }).findings.map((f) => `${f.checkId}${f.subject ? ` (${f.subject})` : ''}`),
  );
}

async function scoreDelta(tools: ChangeTools, run: DeviceRun): Promise<DeviceScoreDelta | undefined> {
  const ports = healthPorts(run.before, []);
  const after = await tools.rescan(tools.credentials.lookup)(run.planned.address, ports, tools.env.signal);
  if (!after) return undefined;
  const was = findingKeys(run.before);
  const now = findingKeys(after);
  return {
    device: run.planned,
    scoreBefore: scoreOf(run.before),
    scoreAfter: scoreOf(after),
    resolved: [...was].filter((key) => !now.has(key)),
    gained: [...now].filter((key) => !was.has(key)),
  };
}

function byDevice(changes: PlannedChange[]): PlannedChange[][] {
  const groups = new Map<string, PlannedChange[]>();
  for (const change of changes) {
    const group = groups.get(change.device.deviceId) ?? [];
    group.push(change);
    groups.set(change.device.deviceId, group);
  }
  return [...groups.values()];
}

export async function applyFixes(request: FixApplyRequest): Promise<FixApplyResult> {
  const { env } = request;
  const tools = makeTools(env);
  const reconciled = await reconcileUnfinished(tools);
  const unsettled = new Set(reconciled.filter((r) => r.status === 'unknown').map((r) => r.device.deviceId));
  const plan = await buildFixPlan({ store: env.store, device: request.device, check: request.check });
  const changes: ChangeResult[] = [];
  const devices: DeviceScoreDelta[] = [];
  let stopped = false;
  for (const group of byDevice(plan.changes)) {
    const first = group[0] as PlannedChange;
    if (unsettled.has(first.device.deviceId)) {
      changes.push(...skippedAll(group, 'not changed: an interrupted change on it is still unsettled'));
      continue;
    }
    const run = await prepareRun(tools, first.device);
    if (typeof run === 'string') {
      changes.push(...skippedAll(group, run));
      continue;
    }
    stopped = await applyGroup(tools, run, group, changes);
    const delta = await scoreDelta(tools, run);
    if (delta) devices.push(delta);
    if (stopped) break;
  }
  return { reconciled, changes, stopped, devices, ...(await homeScores(env, devices)) };
}

/** Applies a device's changes in order; true when one failed and the run must stop. */
async function applyGroup(tools: ChangeTools, run: DeviceRun, group: PlannedChange[], out: ChangeResult[]) {
  for (const planned of group) {
    const fix = settingFixById(run.before, planned.fixId);
    if (!fix) {
      out.push(...skippedAll([planned], 'not changed: the device no longer offers this setting'));
      continue;
    }
    const done = await applyChange(tools, run, planned, fix);
    out.push(done);
    if (done.status === 'failed' || done.status === 'reverted') return true;
  }
  return false;
}

/** The home score from the inventory, and the same with each changed device's score moved by its delta. */
async function homeScores(env: FixEnvironment, deltas: DeviceScoreDelta[]) {
  const stored = await env.store.devices();
  const before = stored.map((d) => d.score);
  const after = stored.map((d) => {
    const delta = deltas.find((x) => x.device.deviceId === d.deviceId);
    return delta ? Math.min(100, Math.max(0, d.score + delta.scoreAfter - delta.scoreBefore)) : d.score;
  });
  return { homeScoreBefore: scoreHome(before), homeScoreAfter: scoreHome(after) };
}
