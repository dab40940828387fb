import type { FirmwarePolicyConfig } from '../../config/firmware-policy-schema.ts';
import type { CredentialLookup } from '../../families/device-adapter.ts';
import { livePortResolver, type PortResolver } from '../../net/port-overrides.ts';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import type { Store } from '../../store/index.ts';
import type { RolloutRepository } from '../../store/rollout-repository.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { inventoryRecorder } from './apply-record.ts';
import { scanRescanner } from './apply-rescan.ts';
import type { ApplyEnvironment } from './apply-types.ts';
import type { FirmwareCatalogue } from './catalogue.ts';
import { deviceFirmwareOf } from './firmware-state.ts';
import { loadPolicy } from './policy-engine.ts';
import { runRollouts } from './rollout-engine.ts';
import type { RolloutCandidate, RolloutOptions, RolloutReport } from './rollout-types.ts';
import type { AuditActor } from './types.ts';

/**
 * The apply use case as the CLI (`firmware apply`) and the scheduler run it: the inventory's devices with their
 * firmware state, the policy from iotwarden.yaml plus the stored holds, and the engine wired to real sockets.
 */

/** Every identified device of the inventory, with its firmware state and the facts of its latest scan. */
export async function rolloutCandidates(store: Store, catalogue: FirmwareCatalogue): Promise<RolloutCandidate[]> {
  const summaries = await store.devices();
  return summaries.flatMap((summary) => {
    const firmware = deviceFirmwareOf(summary, catalogue);
    return firmware ? [{ ...firmware, facts: summary.facts }] : [];
  });
}

export interface ApplySessionOptions {
  store: Store;
  firmware: FirmwareRepository;
  rollouts: RolloutRepository;
  catalogue: FirmwareCatalogue;
  policyConfig: FirmwarePolicyConfig | undefined;
  /** Overrides the policy's time zone (tests). */
  timeZone?: string;
  credentials: CredentialLookup;
  /** Lets the health check recognise TP-Link devices that take blank credentials after a protocol switch. */
  credentialChecks?: boolean;
  connectPort?: () => PortResolver;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  actor: AuditActor;
  now: boolean;
  onlyDevices?: ReadonlySet<string>;
  onStep?: RolloutOptions['onStep'];
  timing?: Pick<ApplyEnvironment, 'requestTimeoutMs' | 'pollIntervalMs' | 'maxRebootWaitMs'>;
}

export function runFirmwareApply(options: ApplySessionOptions): Promise<RolloutReport> {
  const connectPort = options.connectPort ?? livePortResolver;
  const rescan = scanRescanner({
    credentials: options.credentials,
    credentialChecks: options.credentialChecks ?? true,
    connectPort,
    log: options.log,
  });
  return runRollouts({
    rollouts: options.rollouts,
    firmware: options.firmware,
    candidates: () => rolloutCandidates(options.store, options.catalogue),
    policy: async () =>
      loadPolicy(
        options.policyConfig,
        await options.firmware.activeHolds(),
        options.timeZone ? { timeZone: options.timeZone } : {},
      ),
    apply: {
      connectPort,
      credentials: options.credentials,
      rescan,
      clock: options.clock,
      log: options.log,
      signal: options.signal,
      ...options.timing,
    },
    actor: options.actor,
    now: options.now,
    ...(options.onlyDevices ? { onlyDevices: options.onlyDevices } : {}),
    ...(options.onStep ? { onStep: options.onStep } : {}),
    recordFacts: inventoryRecorder(options.store, options.clock),
  });
}
