import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { jsonPreview } from '../../util/bounded-json.ts';
import type { ControlCapability, ControlChannel, ControlState } from '../descriptor.ts';
import type { Evidence } from '../facts.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../installer.ts';
import { keyedLimits } from './installer.ts';
import { v1LightChannels, v1LightMapSchema, v2LightChannels, v2LightListSchema } from './light-channels.ts';
import { pinnedHttpsRequest } from './pinned-https.ts';
import { HUE_UNAUTHORIZED_USER } from './schema.ts';
import { type HueRequestLimits, hueV1Errors, hueV1Request, REDACTED_KEY } from './transport.ts';

/**
 * The light list's size limit. A v2 light resource is about 2 KB, so a bridge at its 50-light limit answers about
 * 100 KB, and a Bridge Pro (150 lights) about three times that; this leaves room without taking any size.
 */
export const HUE_LIGHTS_MAX_BYTES = 512 * 1024;

const V2_LIGHTS = '/clip/v2/resource/light';

function apiKeyOf(device: InstallDevice, context: InstallContext): string {
  const credential = credentialFor(device, context);
  const key = credential?.apiKey ?? credential?.username;
  if (key === undefined) {
    throw new DeviceAuthError(
      { host: device.address, port: 443 },
      'reading its lights needs a Hue application key (credentials, family hue, apiKey)',
    );
  }
  return key;
}

function state(channels: ControlChannel[], evidence: Evidence): ControlState | undefined {
  return channels.length === 0 ? undefined : { channels, evidence };
}

/**
 * CLIP v2 over the pinned HTTPS connection, the key in `hue-application-key` (Hue CLIP v2, "Getting started").
 * Undefined when the bridge has no CLIP v2 (404: the round v1 bridge, firmware before 1948086000), so the caller
 * asks v1 instead. A 403 is the bridge refusing the key.
 */
async function readV2(limits: HueRequestLimits & { pin: string }, apiKey: string) {
  const endpoint = { host: limits.host, port: limits.port };
  const response = await pinnedHttpsRequest({
    host: limits.host,
    port: limits.port,
    path: V2_LIGHTS,
    headers: { 'hue-application-key': apiKey, accept: 'application/json' },
    sha256: limits.pin,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
    signal: limits.signal,
  });
  if (response.status === 404) return { hasV2: false as const };
  if (response.status === 401 || response.status === 403) {
    throw new DeviceAuthError(endpoint, `GET ${V2_LIGHTS} refused the Hue application key (${response.status})`);
  }
  if (response.status !== 200) throw new ProtocolError(endpoint, `GET ${V2_LIGHTS} answered ${response.status}`);
  const list = v2LightListSchema.safeParse(response.json());
  if (!list.success) throw new ProtocolError(endpoint, `GET ${V2_LIGHTS} answered no light list`);
  const channels = v2LightChannels(list.data.data);
  const evidence = {
    sent: `GET https://${limits.host}:${limits.port}${V2_LIGHTS} (hue-application-key: ${REDACTED_KEY})`,
    received: `200 ${jsonPreview({ channels }, 300)}`,
  };
  return { hasV2: true as const, state: state(channels, evidence) };
}

/** The v1 light list, over HTTPS when the bridge offers it (the same pinned limits), else plain HTTP. */
async function readV1(limits: HueRequestLimits, apiKey: string): Promise<ControlState | undefined> {
  const endpoint = { host: limits.host, port: limits.port };
  const result = await hueV1Request(limits, { path: `/api/${REDACTED_KEY}/lights`, apiKey });
  if (hueV1Errors(result.body).some((error) => error.type === HUE_UNAUTHORIZED_USER)) {
    throw new DeviceAuthError(endpoint, 'GET /api/<app-key>/lights refused the Hue application key');
  }
  const lights = v1LightMapSchema.safeParse(result.body);
  if (result.response.status !== 200 || !lights.success) {
    throw new ProtocolError(endpoint, `GET /api/<app-key>/lights answered no light list (${result.response.status})`);
  }
  const channels = v1LightChannels(lights.data);
  return state(channels, { sent: result.evidence.sent, received: `200 ${jsonPreview({ channels }, 300)}` });
}

/**
 * Hue control state: the bridge's lights through the paired application key, CLIP v2 first (`on.on`,
 * `dimming.brightness`), the v1 light list where the bridge has no v2. The key goes only where the installer sends
 * it: over HTTPS to the certificate the last scan bound, or plain HTTP to a bridge without HTTPS. Read-only.
 */
export const hueControl: ControlCapability = {
  async read(device, context) {
    const apiKey = apiKeyOf(device, context);
    const limits = { ...keyedLimits(device, context), maxBytes: HUE_LIGHTS_MAX_BYTES };
    const { pin } = limits;
    if (pin !== undefined) {
      const v2 = await readV2({ ...limits, pin }, apiKey);
      if (v2.hasV2) return v2.state;
    }
    return readV1(limits, apiKey);
  },
};
