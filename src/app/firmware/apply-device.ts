import { DeviceAuthError } from '../../errors/index.ts';
import type { Evidence } from '../../families/facts.ts';
import { schemeForFamily } from '../../families/index.ts';
import type { FirmwareInstaller, InstallContext, InstallDevice } from '../../families/installer.ts';
import { compareVersions } from '../../families/version-scheme.ts';
import { failedMidway, neverReturned, unhealthy, updatedSummary } from './apply-explain.ts';
import type { ApplyEnvironment, ApplyResult, ApplyTarget } from './apply-types.ts';
import { type RebootOutcome, waitForReboot } from './apply-wait.ts';
import { type ControlCheck, type ControlReading, checkHealth, healthPorts, readControlState } from './health-check.ts';
import { chooseInstaller } from './installer-choice.ts';

/**
 * Applies one update to one device: check it is not already current, install through the device's own API, wait
 * for the reboot, verify the version, then health-check it against the scan before the update. Never throws for a
 * device problem: every way it can end is an ApplyResult with a plain-language summary.
 */

export interface ApplyHooks {
  /** Called right before the install request is sent: the durable "install started" record. */
  beforeInstall?: () => Promise<void>;
  /** The install was sent by an earlier run that stopped: only wait, verify and check, never send again. */
  resume?: boolean;
}

const DEFAULTS = { requestTimeoutMs: 5000, maxBytes: 1 << 20, pollIntervalMs: 2000, maxRebootWaitMs: 600_000 };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The device is already on the target (or newer than it was): installing again would update it twice. */
function alreadyCurrent(target: ApplyTarget, current: string | undefined): boolean {
  const facts = target.before.device;
  if (!facts || current === undefined) return false;
  const scheme = schemeForFamily(facts.family);
  if (target.targetVersion !== undefined) {
    const vsTarget = compareVersions(scheme, current, target.targetVersion);
    if (vsTarget !== undefined) return vsTarget >= 0;
    if (current === target.targetVersion) return true;
  }
  const before = facts.firmware.installed;
  if (before === undefined || current === before) return false;
  return (compareVersions(scheme, current, before) ?? 0) > 0;
}

export async function applyToDevice(
  target: ApplyTarget,
  env: ApplyEnvironment,
  hooks: ApplyHooks = {},
): Promise<ApplyResult> {
  const facts = target.before.device;
  const versionBefore = facts?.firmware.installed;
  const base = { versionBefore, health: undefined, delta: undefined, options: [] as string[] };
  const choice = chooseInstaller(facts, env.installers);
  if (!choice.supported || !facts) {
    const reason = choice.supported ? 'not supported' : choice.reason;
    return {
      ...base,
      outcome: 'not-supported',
      installSent: false,
      installer: undefined,
      versionAfter: versionBefore,
      summary: `${target.name}: ${reason}.`,
      evidence: [],
    };
  }
  const { installer } = choice;
  const address = target.before.address;
  const device: InstallDevice = {
    address,
    facts,
    connectPort: (port, transport) => env.connectPort()(address, port, transport),
  };
  const context: InstallContext = {
    signal: env.signal,
    timeoutMs: env.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    maxBytes: env.maxBytes ?? DEFAULTS.maxBytes,
    credentials: env.credentials,
    clock: env.clock,
    log: env.log,
  };
  const evidence: Evidence[] = [];
  const common = { ...base, installer: installer.name };
  const notStarted = (summary: string): ApplyResult => ({
    ...common,
    outcome: 'not-started',
    installSent: false,
    versionAfter: versionBefore,
    summary,
    evidence,
  });

  // The control state before the install: the health check proves afterwards that it can still be read (issue 10).
  let controlBefore: ControlReading | undefined;
  if (!hooks.resume) {
    let current: string | undefined;
    try {
      const reading = await installer.readVersion(device, context);
      evidence.push(reading.evidence);
      current = reading.version;
    } catch (error) {
      if (env.signal.aborted) throw error;
      return notStarted(`${target.name}: not updated, it did not answer before the install: ${message(error)}.`);
    }
    if (alreadyCurrent(target, current)) {
      return {
        ...common,
        outcome: 'already-current',
        installSent: false,
        versionAfter: current,
        summary: `${target.name} already runs ${current}; nothing was installed.`,
        evidence,
      };
    }
    controlBefore = await readControlState(facts, device, context);
    if (controlBefore?.state) evidence.push(controlBefore.state.evidence);
    await hooks.beforeInstall?.();
    try {
      const started = await installer.start(device, context);
      evidence.push(...started.evidence);
      if (started.status === 'nothing-offered') {
        return notStarted(
          `${target.name}: not updated, the device offers no update to install yet (its update server may not have published it).`,
        );
      }
    } catch (error) {
      if (env.signal.aborted) throw error;
      const why =
        error instanceof DeviceAuthError
          ? `${message(error)}; configure its credentials in iotwarden.yaml`
          : message(error);
      return notStarted(`${target.name}: not updated, the install could not be started: ${why}.`);
    }
  }
  const reboot = await waitForReboot({
    installer,
    device,
    context,
    fromVersion: versionBefore,
    alsoAlivePorts: healthPorts(target.before, []),
    pollIntervalMs: env.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
    maxWaitMs: env.maxRebootWaitMs ?? DEFAULTS.maxRebootWaitMs,
  });
  if (reboot.kind === 'new-version' || reboot.kind === 'old-version') evidence.push(reboot.evidence);
  const control: ControlCheck | undefined = controlBefore
    ? { before: controlBefore, read: () => readControlState(facts, device, context) }
    : undefined;
  return finish(target, env, installer, reboot, { ...common, evidence }, hooks.resume ?? false, control);
}

async function finish(
  target: ApplyTarget,
  env: ApplyEnvironment,
  installer: FirmwareInstaller,
  reboot: RebootOutcome,
  common: Omit<ApplyResult, 'outcome' | 'installSent' | 'versionAfter' | 'summary'>,
  resumed: boolean,
  control: ControlCheck | undefined,
): Promise<ApplyResult> {
  const sent = { ...common, installSent: true };
  const from = common.versionBefore;
  if (reboot.kind === 'never-returned') {
    return {
      ...sent,
      outcome: 'never-returned',
      versionAfter: undefined,
      ...neverReturned(target.name, target.targetVersion, reboot.waitedMs),
    };
  }
  if (reboot.kind === 'old-version') {
    return {
      ...sent,
      outcome: 'failed-midway',
      versionAfter: reboot.version,
      ...failedMidway(target.name, from, target.targetVersion, resumed),
    };
  }
  const ports = healthPorts(target.before, installer.livenessPorts);
  const health = await checkHealth(target.before, env.rescan, {
    ports,
    signal: env.signal,
    ...(control ? { control } : {}),
  });
  const versionAfter =
    reboot.kind === 'new-version' ? reboot.version : (health.after?.device?.firmware.installed ?? undefined);
  const result = { ...sent, health, delta: health.delta, versionAfter };
  if (health.healthy) {
    return { ...result, outcome: 'updated', summary: updatedSummary(target.name, from, versionAfter, health.delta) };
  }
  return { ...result, outcome: 'unhealthy', ...unhealthy(target.name, from, versionAfter, health) };
}
