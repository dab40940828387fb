import { httpEvidence, redactSecrets } from '../common/redact.ts';
import {
  credentialFor,
  type InstallContext,
  type InstallDevice,
  type InstallStart,
  type VersionReading,
} from '../installer.ts';
import { gen1Get, jsonObject, requestLine, type ShellyEndpoint } from './transport.ts';
import type { ShellyWriteOptions, ShellyWriteResult } from './writes.ts';

/**
 * What the installers of both Shelly generations share (shelly-gen1/installer.ts, shelly-gen2/installer.ts): where
 * the device answers, how its version is read back, and how a started update is reported.
 */

/** Both generations answer their API, and come back after an update, on HTTP port 80. */
export const SHELLY_HTTP_PORT = 80;

/** Where an installer reaches the device: its real port 80, shifted where a lab shifted it. */
export function installEndpoint(device: InstallDevice): ShellyEndpoint {
  return { host: device.address, port: device.connectPort(SHELLY_HTTP_PORT), displayPort: SHELLY_HTTP_PORT };
}

/**
 * `GET /shelly` answers without credentials on every generation (fixtures README): Gen1 names the firmware in `fw`
 * (`20230913-112003/v1.14.0-gcb84623`), Gen2+ in `ver` (`1.4.4`), the same fields the adapters record.
 */
export async function readShellyVersion(
  device: InstallDevice,
  context: InstallContext,
  field: 'fw' | 'ver',
): Promise<VersionReading> {
  const endpoint = installEndpoint(device);
  const response = await gen1Get(endpoint, '/shelly', context);
  const value = jsonObject(endpoint, '/shelly', response)[field];
  return {
    version: typeof value === 'string' && value !== '' ? value : undefined,
    busy: false,
    evidence: httpEvidence(requestLine(endpoint, '/shelly'), response, redactSecrets({ [field]: value })),
  };
}

/**
 * Starts the generation's update write with the owner's credential. The device installs what it offers itself, so
 * the target version is the one the scan saw it offer.
 */
export async function startShellyInstall(
  device: InstallDevice,
  context: InstallContext,
  write: (endpoint: ShellyEndpoint, options: ShellyWriteOptions) => Promise<ShellyWriteResult>,
): Promise<InstallStart> {
  const credential = credentialFor(device, context);
  const result = await write(installEndpoint(device), {
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
    signal: context.signal,
    ...(credential ? { credential } : {}),
    ...(device.facts.deviceId ? { deviceId: device.facts.deviceId } : {}),
  });
  if (!result.accepted) return { status: 'nothing-offered', evidence: [result.evidence] };
  const { firmware } = device.facts;
  const target = firmware.latestSource === 'device' ? firmware.latest : undefined;
  return { status: 'started', ...(target ? { targetVersion: target } : {}), evidence: [result.evidence] };
}
