import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import {
  credentialFor,
  type FirmwareInstaller,
  type InstallContext,
  type InstallDevice,
  type InstallStart,
  type VersionReading,
} from '../installer.ts';
import { HUE_UNAUTHORIZED_USER, hueSwupdate2Schema } from './schema.ts';
import { type HueRequestLimits, hueV1Errors, hueV1Request, REDACTED_KEY } from './transport.ts';

/**
 * Hue bridges install what they have already downloaded: `swupdate2.bridge.state` is `readytoinstall`, and
 * `PUT /api/<key>/config {"swupdate2":{"install":true}}` starts it (Hue v1 config API, swupdate2). The bridge keeps
 * answering while it installs (`installing`), then reboots. The version it will install is not disclosed.
 */
const HTTP_PORT = 80;

function limits(device: InstallDevice, context: InstallContext) {
  return {
    host: device.address,
    port: device.connectPort(HTTP_PORT),
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
    signal: context.signal,
  };
}

/**
 * Where a request carrying the application key goes: over HTTPS to the certificate the last scan saw, wherever the
 * bridge offers HTTPS (pinned-https.ts); plain HTTP only to a bridge without it. A bridge that offered HTTPS without
 * a readable certificate gets no key.
 */
export function keyedLimits(device: InstallDevice, context: InstallContext): HueRequestLimits {
  const certificate = device.facts.certificate;
  if (certificate)
    return { ...limits(device, context), port: device.connectPort(certificate.port), pin: certificate.sha256 };
  if (device.facts.protocols.includes('https')) {
    throw new DeviceAuthError(
      { host: device.address, port: 443 },
      'the bridge offers HTTPS but the last scan read no certificate from it: scan it again first',
    );
  }
  return limits(device, context);
}

function apiKeyOf(device: InstallDevice, context: InstallContext): string {
  const credential = credentialFor(device, context);
  const key = credential?.apiKey ?? credential?.username;
  if (key === undefined) {
    throw new DeviceAuthError(
      { host: device.address, port: HTTP_PORT },
      'installing bridge firmware needs a Hue application key (credentials, family hue, apiKey)',
    );
  }
  return key;
}

/** `swupdate2.bridge.state` with the owner's key; a key the bridge refuses is a DeviceAuthError. */
async function bridgeUpdateState(device: InstallDevice, context: InstallContext, apiKey: string) {
  const result = await hueV1Request(keyedLimits(device, context), { path: `/api/${REDACTED_KEY}/config`, apiKey });
  if (hueV1Errors(result.body).some((e) => e.type === HUE_UNAUTHORIZED_USER)) {
    throw new DeviceAuthError({ host: device.address, port: HTTP_PORT }, 'the Hue application key was refused');
  }
  const raw = (result.body as { swupdate2?: unknown } | null)?.swupdate2;
  const parsed = hueSwupdate2Schema.safeParse(raw);
  const swversion = (result.body as { swversion?: unknown } | null)?.swversion;
  return {
    state: parsed.success ? parsed.data.bridge.state : undefined,
    swversion: typeof swversion === 'string' ? swversion : undefined,
    evidence: result.evidence,
  };
}

async function readVersion(device: InstallDevice, context: InstallContext): Promise<VersionReading> {
  const credential = credentialFor(device, context);
  const apiKey = credential?.apiKey ?? credential?.username;
  if (apiKey !== undefined) {
    const read = await bridgeUpdateState(device, context, apiKey);
    return { version: read.swversion, busy: read.state === 'installing', evidence: read.evidence };
  }
  // Without a key only the public config is readable: the version, not whether an install is running.
  const result = await hueV1Request(limits(device, context), { path: '/api/config' });
  const swversion = (result.body as { swversion?: unknown } | null)?.swversion;
  return { version: typeof swversion === 'string' ? swversion : undefined, busy: false, evidence: result.evidence };
}

async function start(device: InstallDevice, context: InstallContext): Promise<InstallStart> {
  const apiKey = apiKeyOf(device, context);
  const before = await bridgeUpdateState(device, context, apiKey);
  if (before.state !== 'readytoinstall') return { status: 'nothing-offered', evidence: [before.evidence] };
  const put = await hueV1Request(keyedLimits(device, context), {
    method: 'PUT',
    path: `/api/${REDACTED_KEY}/config`,
    apiKey,
    body: { swupdate2: { install: true } },
  });
  const confirmed =
    Array.isArray(put.body) &&
    put.body.some(
      (item) => (item as { success?: Record<string, unknown> })?.success?.['/config/swupdate2/install'] === true,
    );
  if (!confirmed) {
    throw new ProtocolError(
      { host: device.address, port: HTTP_PORT },
      `bridge did not confirm the install: ${put.evidence.received}`,
    );
  }
  return { status: 'started', evidence: [before.evidence, put.evidence] };
}

export const hueBridgeInstaller: FirmwareInstaller = {
  name: 'hue-bridge',
  livenessPorts: [HTTP_PORT],
  applies: (facts) => facts.family === 'hue',
  readVersion,
  start,
};
