/**
 * `fix auto-update <device>` as a use case: find the device, ask its family how its automatic updates are switched
 * on, do it where the device has a local switch, and record the outcome in the firmware audit log.
 */

import type { IotwardenConfig } from '../../config/config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import type { InstallDevice } from '../../families/installer.ts';
import type { PortResolver } from '../../net/port-overrides.ts';
import type { Store } from '../../store/index.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { requireDevice } from '../diff/device-diff.ts';
import { gatedLookup } from '../scan/credential-gate.ts';
import { type AutoUpdateResult, enableAutoUpdate } from './auto-update.ts';

export interface AutoUpdateFixRequest {
  store: Store;
  ref: string;
  config: IotwardenConfig;
  connectPort: () => PortResolver;
  clock: Clock;
  log: Logger;
  requestTimeoutMs?: number | undefined;
}

/** Whole-operation deadline and per-answer size limit: a device must not hold the command forever. */
const FIX_DEADLINE_MS = 30_000;
const MAX_ANSWER_BYTES = 1 << 20;

export async function fixAutoUpdate(request: AutoUpdateFixRequest): Promise<AutoUpdateResult & { deviceId: string }> {
  const { store, clock } = request;
  const detail = await requireDevice(store, request.ref);
  const facts = detail.facts.device;
  const name = detail.name ?? detail.address;
  if (!facts) {
    throw new UsageError(`${name} was not identified as a known device family, so iotwarden knows no switch for it`, {
      code: 'ERR_NOT_IDENTIFIED',
    });
  }
  const device: InstallDevice = {
    address: detail.address,
    facts,
    connectPort: (port, transport) => request.connectPort()(detail.address, port, transport),
  };
  const result = await enableAutoUpdate(device, name, {
    signal: AbortSignal.timeout(FIX_DEADLINE_MS),
    timeoutMs: request.requestTimeoutMs ?? 5000,
    maxBytes: MAX_ANSWER_BYTES,
    credentials: await gatedLookup(store, request.config.credentials),
    clock,
    log: request.log,
  });
  await store.firmware.appendAudit({
    timeMs: clock.now(),
    actor: 'cli',
    action: 'auto-update',
    deviceId: detail.deviceId,
    result: result.status === 'enabled' ? 'ok' : 'skipped',
    detail: result.detail,
    ...(result.status === 'enabled' ? { data: { evidence: result.evidence } } : {}),
  });
  return { ...result, deviceId: detail.deviceId };
}
