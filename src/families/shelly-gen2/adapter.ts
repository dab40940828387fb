import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import type { HttpResponse } from '../../net/http-client.ts';
import { normalizeMac } from '../../net/mac.ts';
import { httpEvidence, redactSecrets } from '../common/redact.ts';
import {
  type DeviceAdapter,
  type Identity,
  NO_CREDENTIALS_CONFIGURED,
  type ProbeContext,
  type ProbeTarget,
} from '../device-adapter.ts';
import { type DeviceFacts, emptyDeviceFacts } from '../facts.ts';
import { ForeignRealmError } from '../shelly/digest-auth.ts';
import { buildDateOf, type Gen2ShellyInfo, gen2Config, gen2ShellyInfo, gen2UpdateCheck } from '../shelly/schema.ts';
import {
  callShellyRpc,
  endpointOf,
  gen1Get,
  jsonObject,
  limitsOf,
  requestLine,
  type ShellyEndpoint,
  type ShellyRpcAuth,
} from '../shelly/transport.ts';

interface Gen2IdentityData {
  gen: number;
  shelly: Gen2ShellyInfo;
}

function isGen2Data(data: unknown): data is Gen2IdentityData {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { gen?: unknown }).gen === 'number' &&
    (data as { gen: number }).gen >= 2
  );
}

/** Reads /shelly and keeps it when it is a Gen2+ answer (`gen` ≥ 2, fixtures README). */
async function readShelly(endpoint: ShellyEndpoint, context: ProbeContext): Promise<Identity | undefined> {
  let response: HttpResponse;
  let body: Record<string, unknown>;
  try {
    response = await gen1Get(endpoint, '/shelly', limitsOf(context));
    if (response.status !== 200) return undefined;
    body = jsonObject(endpoint, '/shelly', response);
  } catch (error) {
    if (error instanceof ProtocolError) return undefined;
    throw error;
  }
  const parsed = gen2ShellyInfo.safeParse(body);
  if (!parsed.success) return undefined;
  const data: Gen2IdentityData = { gen: parsed.data.gen, shelly: parsed.data };
  const evidence = httpEvidence(requestLine(endpoint, '/shelly'), response);
  const facts = identityFacts(parsed.data, endpoint, response);
  return { family: 'shelly-gen2', vendor: 'Shelly', model: parsed.data.model, evidence, data, facts };
}

/**
 * What /shelly (Shelly.GetDeviceInfo, never protected) tells: model, ids, firmware, and whether auth is on
 * (`auth_en`), which the device enforces on every other method.
 */
function identityFacts(shelly: Gen2ShellyInfo, endpoint: ShellyEndpoint, response: HttpResponse): DeviceFacts {
  const facts = emptyDeviceFacts('shelly-gen2', 'Shelly');
  facts.model = shelly.model;
  const mac = normalizeMac(shelly.mac);
  if (mac) facts.mac = mac;
  facts.deviceId = shelly.id;
  if (shelly.name) facts.name = shelly.name;
  facts.firmware.installed = shelly.ver;
  const released = buildDateOf(shelly.fw_id);
  if (released) facts.firmware.releaseDate = released;
  facts.protocols = ['shelly-rpc', 'http'];
  const authShown = { auth_en: shelly.auth_en, auth_domain: shelly.auth_domain ?? null, gen: shelly.gen };
  facts.auth = {
    state: shelly.auth_en ? 'required' : 'none',
    evidence: httpEvidence(requestLine(endpoint, '/shelly'), response, authShown),
  };
  return facts;
}

/**
 * Gen2+ Shellys (Plus, Pro, Gen3, Gen4): JSON-RPC over HTTP. /shelly tells whether auth is on (`auth_en`); with
 * auth on, the configuration is read only with a configured password (digest, user `admin`).
 */
export const shellyGen2Adapter: DeviceAdapter = {
  family: 'shelly-gen2',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    if (!target.openTcpPorts.has(80)) return undefined;
    return readShelly(endpointOf(target), context);
  },

  async inspect(target: ProbeTarget, identity: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const endpoint = endpointOf(target);
    if (!isGen2Data(identity.data)) {
      throw new ProtocolError({ host: endpoint.host, port: endpoint.port }, '/shelly is not a Gen2+ Shelly answer');
    }
    const { shelly } = identity.data;
    const { facts } = identity;

    let auth: ShellyRpcAuth | undefined;
    if (shelly.auth_en) {
      const credential = context.credentials({
        family: 'shelly-gen2',
        address: target.address,
        ...(facts.mac ? { mac: facts.mac } : {}),
        deviceId: shelly.id,
      });
      const password = credential?.password ?? credential?.apiKey;
      if (password === undefined) {
        facts.limitations.push(
          `login enabled and ${NO_CREDENTIALS_CONFIGURED}: configuration, cloud, debug and update state not read`,
        );
        return facts;
      }
      // The digest is answered only under the realm a Shelly uses, its own id (see ForeignRealmError).
      auth = { password, realm: shelly.id };
    }
    const limits = limitsOf(context);
    try {
      const config = await callShellyRpc(endpoint, 'Shelly.GetConfig', undefined, limits, auth);
      readConfig(facts, config.result, config.sent, config.response);
      const check = await callShellyRpc(endpoint, 'Shelly.CheckForUpdate', undefined, limits, auth);
      const parsed = gen2UpdateCheck.safeParse(check.result);
      if (parsed.success) {
        facts.firmware.latest = parsed.data.stable?.version ?? shelly.ver;
        facts.firmware.latestSource = 'device';
        facts.firmware.updateEvidence = httpEvidence(check.sent, check.response, { result: parsed.data });
      } else {
        facts.limitations.push('Shelly.CheckForUpdate answered an unexpected shape: latest firmware unknown');
      }
    } catch (error) {
      if (error instanceof ForeignRealmError) {
        facts.limitations.push(
          `${error.message} (an answer could be cracked offline): configuration, cloud, debug and update state not read`,
        );
        return facts;
      }
      if (!(error instanceof DeviceAuthError)) throw error;
      if (!shelly.auth_en) {
        // /shelly said "no auth" but the RPC wants it: believe the device's refusal.
        facts.auth = { state: 'required', evidence: facts.auth.evidence ?? identity.evidence };
      }
      facts.limitations.push(
        auth === undefined
          ? 'the device asks for credentials although /shelly says auth is off; none configured: configuration not read'
          : 'the configured credentials were refused (HTTP 401): configuration, cloud, debug and update state not read',
      );
    }
    return facts;
  },
};

function readConfig(facts: DeviceFacts, result: unknown, sent: string, response: HttpResponse): void {
  const parsed = gen2Config.safeParse(result);
  if (!parsed.success) {
    facts.limitations.push('Shelly.GetConfig did not have the expected shape: cloud and debug not checked');
    return;
  }
  const config = parsed.data;
  if (!facts.name && config.sys?.device?.name) facts.name = config.sys.device.name;
  if (config.cloud) {
    facts.cloud = { enabled: config.cloud.enable, evidence: httpEvidence(sent, response, { cloud: config.cloud }) };
  }
  const debug = config.sys?.debug;
  if (debug?.websocket?.enable) {
    facts.debugInterfaces.push({
      name: 'websocket debug log (sys.debug.websocket.enable)',
      evidence: httpEvidence(sent, response, { sys: { debug: { websocket: debug.websocket } } }),
    });
  }
  if (debug?.mqtt?.enable) {
    facts.debugInterfaces.push({
      name: 'MQTT debug log (sys.debug.mqtt.enable)',
      evidence: httpEvidence(sent, response, { sys: { debug: { mqtt: debug.mqtt } } }),
    });
  }
  if (debug?.udp?.addr) {
    facts.debugInterfaces.push({
      name: `UDP debug log to ${debug.udp.addr} (sys.debug.udp.addr)`,
      evidence: httpEvidence(sent, response, { sys: { debug: { udp: debug.udp } } }),
    });
  }
  facts.config = redactSecrets(result);
}
