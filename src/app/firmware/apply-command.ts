/**
 * `firmware apply` as one use case: open the firmware and rollout tables of the inventory, narrow to the devices
 * asked for, and run the update engine under the policy. An interruption (the signal) is not an error: the rollout
 * table lets the next run verify, never reinstall, a device that was installing.
 */

import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { PortResolver } from '../../net/port-overrides.ts';
import type { Store } from '../../store/index.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { requireDevice } from '../diff/device-diff.ts';
import { gatedLookup } from '../scan/credential-gate.ts';
import { type ApplySessionOptions, runFirmwareApply } from './apply-session.ts';
import { activeCatalogue } from './catalogue-load.ts';
import type { RolloutReport } from './rollout-types.ts';

export interface ApplyFirmwareRequest {
  store: Store;
  config: IotwardenConfig;
  /** Only these devices (id, name, address or MAC); all when undefined. */
  deviceRefs?: readonly string[] | undefined;
  /** Ignore the maintenance window (holds, notify, decisions and canaries still apply). */
  now: boolean;
  connectPort: () => PortResolver;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  timing?: ApplySessionOptions['timing'];
  /** Each device step as it ends. */
  onStep?: ApplySessionOptions['onStep'];
}

export type ApplyFirmwareOutcome = { status: 'done'; report: RolloutReport } | { status: 'interrupted' };

async function deviceIds(store: Store, refs: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const ref of refs) ids.add((await requireDevice(store, ref)).deviceId);
  return ids;
}

export async function applyFirmware(request: ApplyFirmwareRequest): Promise<ApplyFirmwareOutcome> {
  const { store, config, log } = request;
  const only = request.deviceRefs ? await deviceIds(store, request.deviceRefs) : undefined;
  const { firmware, rollouts } = store;
  {
    const running = runFirmwareApply({
      store,
      firmware,
      rollouts,
      catalogue: await activeCatalogue(firmware, { onWarning: (message) => log.warn(message) }),
      policyConfig: config.firmware,
      credentials: await gatedLookup(store, config.credentials),
      credentialChecks: config.scan.credentialChecks ?? true,
      connectPort: request.connectPort,
      clock: request.clock,
      log,
      signal: request.signal,
      actor: 'cli',
      now: request.now,
      ...(only ? { onlyDevices: only } : {}),
      ...(request.timing ? { timing: request.timing } : {}),
      ...(request.onStep ? { onStep: request.onStep } : {}),
    });
    const report = await running.catch((error: unknown) => {
      if (!request.signal.aborted) throw error;
      return undefined;
    });
    return report ? { status: 'done', report } : { status: 'interrupted' };
  }
}
