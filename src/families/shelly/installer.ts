import { httpEvidence, redactSecrets } from '../common/redact.ts';
import type { DeviceFacts } from '../facts.ts';
import {
  credentialFor,
  type FirmwareInstaller,
  type InstallContext,
  type InstallDevice,
  type InstallStart,
  type VersionReading,
} from '../installer.ts';
import { gen1Get, jsonObject, requestLine, type ShellyEndpoint } from './transport.ts';
import { startShellyUpdate } from './writes.ts';

const HTTP_PORT = 80;

function endpointOf(device: InstallDevice): ShellyEndpoint {
  return { host: device.address, port: device.connectPort(HTTP_PORT), displayPort: HTTP_PORT };
}

/**
 * `GET /shelly` answers without credentials on every generation (fixtures README): Gen1 names the firmware in `fw`
 * (`20230913-112003/v1.14.0-gcb84623`), Gen2+ in `ver` (`1.4.4`), the same fields the adapters record.
 */
async function readShellyVersion(device: InstallDevice, context: InstallContext, field: 'fw' | 'ver') {
  const endpoint = endpointOf(device);
  const response = await gen1Get(endpoint, '/shelly', context);
  const body = jsonObject(endpoint, '/shelly', response);
  const value = body[field];
  const reading: VersionReading = {
    version: typeof value === 'string' && value !== '' ? value : undefined,
    busy: false,
    evidence: httpEvidence(requestLine(endpoint, '/shelly'), response, redactSecrets({ [field]: value })),
  };
  return reading;
}

function isGen1(facts: DeviceFacts): boolean {
  return facts.protocols.includes('shelly-http');
}

function isGen2(facts: DeviceFacts): boolean {
  return facts.protocols.includes('shelly-rpc');
}

async function start(device: InstallDevice, context: InstallContext, gen: number): Promise<InstallStart> {
  const credential = credentialFor(device, context);
  const result = await startShellyUpdate(
    { endpoint: endpointOf(device), gen },
    {
      timeoutMs: context.timeoutMs,
      maxBytes: context.maxBytes,
      signal: context.signal,
      ...(credential ? { credential } : {}),
    },
  );
  const target = device.facts.firmware.latestSource === 'device' ? device.facts.firmware.latest : undefined;
  if (!result.accepted) return { status: 'nothing-offered', evidence: [result.evidence] };
  return { status: 'started', ...(target ? { targetVersion: target } : {}), evidence: [result.evidence] };
}

/** Gen1 Shellys: `GET /ota?update=true` with HTTP Basic credentials (Shelly Gen1 API, /ota). */
export const shellyGen1Installer: FirmwareInstaller = {
  name: 'shelly-gen1',
  livenessPorts: [HTTP_PORT],
  applies: isGen1,
  readVersion: (device, context) => readShellyVersion(device, context, 'fw'),
  start: (device, context) => start(device, context, 1),
};

/** Gen2+ Shellys: the `Shelly.Update {"stage":"stable"}` RPC with digest credentials (Shelly Gen2 API, Shelly). */
export const shellyGen2Installer: FirmwareInstaller = {
  name: 'shelly-gen2',
  livenessPorts: [HTTP_PORT],
  applies: isGen2,
  readVersion: (device, context) => readShellyVersion(device, context, 'ver'),
  start: (device, context) => start(device, context, 2),
};
