import { normalizeMac } from '../../net/mac.ts';
import { jsonPreview } from '../../util/bounded-json.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type CertificateFacts, type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { certificateFacts, readPeerCertificate } from './bridge-certificate.ts';
import { HUE_UNAUTHORIZED_USER, type HuePublicConfig, huePublicConfigSchema, hueSwupdate2Schema } from './schema.ts';
import { type HueRequestLimits, hueV1Errors, hueV1Request, REDACTED_KEY, redactHueConfig } from './transport.ts';

const HTTP_PORT = 80;
const HTTPS_PORT = 443;

/** A user name no bridge has on its whitelist: asking with it shows whether the bridge checks keys at all. */
const PROBE_USER = 'iotwarden-auth-probe';

interface HueIdentityData {
  config: HuePublicConfig;
}

/**
 * Philips Hue bridges (and the emulators that answer like one). GET /api/config is the one v1 call a bridge
 * answers without an application key; everything else, including the firmware update state in `swupdate2`,
 * needs a key from the owner (credentials lookup, family `hue`, field `apiKey`).
 */
export const hueAdapter: DeviceAdapter = {
  family: 'hue',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    if (!target.openTcpPorts.has(HTTP_PORT)) return undefined;
    const result = await hueV1Request(limitsFor(target, context), { path: '/api/config' }).catch(() => undefined);
    if (result?.response.status !== 200) return undefined;
    const parsed = huePublicConfigSchema.safeParse(result.body);
    if (!parsed.success) return undefined;
    const data: HueIdentityData = { config: parsed.data };
    const facts = identityFacts(parsed.data, target);
    return { family: 'hue', vendor: 'Signify', model: parsed.data.modelid, evidence: result.evidence, data, facts };
  },

  async inspect(target: ProbeTarget, identity: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const limits = limitsFor(target, context);
    const { facts } = identity;
    facts.auth = await probeAuth(limits, context);
    const offersHttps = target.openTcpPorts.has(HTTPS_PORT);
    // The certificate is part of the bridge's identity: read it before asking for the key, so the trust gate can
    // compare it with the one the key is bound to.
    if (offersHttps) await readCertificate(facts, target, context);
    const certificate = facts.certificate;
    const credential = context.credentials({
      family: 'hue',
      address: target.address,
      ...(facts.deviceId ? { deviceId: facts.deviceId } : {}),
      ...(facts.mac ? { mac: facts.mac } : {}),
      ...(certificate ? { tlsSha256: certificate.sha256 } : {}),
      ...(certificate?.chain === 'vendor-ca' && facts.deviceId ? { tlsVerifiedId: facts.deviceId } : {}),
    });
    const apiKey = credential?.apiKey ?? credential?.username;
    if (apiKey === undefined) {
      facts.limitations.push('needs a Hue application key to read update state (swupdate2) and the whitelist');
      return facts;
    }
    if (offersHttps && !certificate) {
      facts.limitations.push(
        'the bridge offers HTTPS but its certificate could not be read: the application key was not sent',
      );
      return facts;
    }
    // Where the bridge offers HTTPS the key goes only there, to the certificate just read (pinned-https.ts).
    const keyed = certificate ? { ...limits, port: target.connectPort(HTTPS_PORT), pin: certificate.sha256 } : limits;
    await readWithKey(facts, keyed, apiKey, context);
    return facts;
  },
};

/** Reads the certificate the bridge presents on 443 into `facts.certificate` (a limitation when it cannot). */
async function readCertificate(facts: DeviceFacts, target: ProbeTarget, context: ProbeContext): Promise<void> {
  try {
    const leaf = await readPeerCertificate({
      host: target.address,
      port: target.connectPort(HTTPS_PORT),
      timeoutMs: context.timeoutMs,
      signal: context.signal,
    });
    const certificate: CertificateFacts = certificateFacts(leaf, HTTPS_PORT, facts.deviceId ?? '');
    facts.certificate = certificate;
  } catch (error) {
    context.log.debug({ err: error, host: target.address }, 'hue certificate read failed');
    facts.limitations.push(`could not read the bridge certificate on port ${HTTPS_PORT}: ${(error as Error).message}`);
  }
}

/** What the public /api/config tells about the bridge without a key. */
function identityFacts(config: HuePublicConfig, target: ProbeTarget): DeviceFacts {
  const facts = emptyDeviceFacts('hue', 'Signify');
  facts.productName = 'Philips Hue Bridge';
  facts.model = config.modelid;
  facts.deviceId = config.bridgeid.toUpperCase();
  if (config.name) facts.name = config.name;
  if (config.swversion) facts.firmware.installed = config.swversion;
  const mac = config.mac ? normalizeMac(config.mac) : undefined;
  if (mac) facts.mac = mac;
  facts.protocols.push('hue-v1', 'http');
  if (target.openTcpPorts.has(HTTPS_PORT)) facts.protocols.push('https', 'hue-clip-v2');
  facts.config = config;
  return facts;
}

/** Asks for /lights with a key no bridge issued: a bridge refuses (error type 1), an open emulator answers. */
async function probeAuth(limits: HueRequestLimits, context: ProbeContext): Promise<DeviceFacts['auth']> {
  const probe = await hueV1Request(limits, { path: `/api/${PROBE_USER}/lights` }).catch((error: unknown) => {
    context.log.debug({ err: error, host: limits.host }, 'hue auth probe failed');
    return undefined;
  });
  if (!probe) return { state: 'unknown' };
  const refused = hueV1Errors(probe.body).some((e) => e.type === HUE_UNAUTHORIZED_USER);
  return { state: refused ? 'required' : 'none', evidence: probe.evidence };
}

async function readWithKey(
  facts: DeviceFacts,
  limits: HueRequestLimits,
  apiKey: string,
  context: ProbeContext,
): Promise<void> {
  const result = await hueV1Request(limits, { path: `/api/${REDACTED_KEY}/config`, apiKey }).catch((error: unknown) => {
    context.log.debug({ err: error, host: limits.host }, 'hue config read failed');
    return undefined;
  });
  if (!result) {
    facts.limitations.push('the bridge did not answer GET /api/<key>/config');
    return;
  }
  const raw = (result.body as { swupdate2?: unknown } | null)?.swupdate2;
  const swupdate2 = hueSwupdate2Schema.safeParse(raw);
  if (!swupdate2.success) {
    // A key the bridge does not know gets the public config back (or an error list), never swupdate2.
    facts.limitations.push('the configured Hue application key was not accepted by the bridge');
    return;
  }
  facts.config = redactHueConfig(result.body);
  const update = swupdate2.data;
  const evidence: Evidence = {
    sent: result.evidence.sent,
    // The device's own bytes, not the parsed copy (zod reorders keys).
    received: `${result.response.status} {"swupdate2":${jsonPreview(raw, 300)}}`.slice(0, 300),
  };
  facts.firmware.autoUpdate = update.autoinstall.on;
  facts.firmware.autoUpdateEvidence = evidence;
  facts.firmware.updateEvidence = evidence;
  if (update.bridge.state === 'noupdates' && facts.firmware.installed) {
    // The bridge checks Signify's update service itself: "noupdates" means it is on the newest firmware.
    facts.firmware.latest = facts.firmware.installed;
    facts.firmware.latestSource = 'device';
  } else {
    facts.limitations.push(
      `the bridge reports update state "${update.bridge.state}" but not the version it would install`,
    );
  }
}

function limitsFor(target: ProbeTarget, context: ProbeContext): HueRequestLimits {
  return {
    host: target.address,
    port: target.connectPort(HTTP_PORT),
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
    signal: context.signal,
  };
}
