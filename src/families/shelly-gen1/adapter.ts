import { ProtocolError } from '../../errors/index.ts';
import type { HttpResponse } from '../../net/http-client.ts';
import { normalizeMac } from '../../net/mac.ts';
import { httpEvidence, REDACTED, redactSecrets, statusLine } from '../common/redact.ts';
import {
  type Credential,
  type DeviceAdapter,
  type Identity,
  NO_CREDENTIALS_CONFIGURED,
  type ProbeContext,
  type ProbeTarget,
} from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { buildDateOf, type Gen1ShellyInfo, gen1Settings, gen1ShellyInfo, gen1Status } from '../shelly/schema.ts';
import { endpointOf, gen1Get, jsonObject, limitsOf, requestLine, type ShellyEndpoint } from '../shelly/transport.ts';

interface Gen1IdentityData {
  gen: 1;
  shelly: Gen1ShellyInfo;
}

function isGen1Data(data: unknown): data is Gen1IdentityData {
  return typeof data === 'object' && data !== null && (data as { gen?: unknown }).gen === 1;
}

/** Reads /shelly and keeps it when it is a Gen1 answer (no `gen` key, fixtures README). */
async function readShelly(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
  const endpoint = endpointOf(target);
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
  if ('gen' in body) return undefined;
  const parsed = gen1ShellyInfo.safeParse(body);
  if (!parsed.success) return undefined;
  const data: Gen1IdentityData = { gen: 1, shelly: parsed.data };
  const evidence = httpEvidence(requestLine(endpoint, '/shelly'), response);
  const facts = identityFacts(parsed.data, target);
  return { family: 'shelly-gen1', vendor: 'Shelly', model: parsed.data.type, evidence, data, facts };
}

/**
 * What /shelly tells without credentials: model, MAC, firmware and name. Not the login state: /shelly's `auth` is
 * the device's claim, and only /settings answering (or refusing) proves it.
 */
function identityFacts(shelly: Gen1ShellyInfo, target: ProbeTarget): DeviceFacts {
  const facts = emptyDeviceFacts('shelly-gen1', 'Shelly');
  facts.model = shelly.type;
  const mac = normalizeMac(shelly.mac);
  if (mac) facts.mac = mac;
  facts.firmware.installed = shelly.fw;
  const released = buildDateOf(shelly.fw);
  if (released) facts.firmware.releaseDate = released;
  facts.protocols = ['shelly-http', 'http'];
  if (shelly.name) facts.name = shelly.name;
  const mdnsHost = target.mdns.find(
    (s) => s.type === '_http._tcp' && s.instance.toLowerCase().startsWith('shelly-gen1'),
  );
  if (mdnsHost) facts.deviceId = mdnsHost.instance;
  return facts;
}

/** The `login` object of a /settings answer for evidence; undefined (the whole body is shown) when it is no JSON. */
function loginPart(response: HttpResponse): { login: unknown } | undefined {
  try {
    const body = response.json();
    return typeof body === 'object' && body !== null ? { login: (body as { login?: unknown }).login } : undefined;
  } catch {
    return undefined;
  }
}

/** Why a protected read failed, for `limitations`. */
function unreadable(what: string, response: HttpResponse, credential: Credential | undefined): string {
  if (response.status === 401 && !credential) {
    return `login enabled and ${NO_CREDENTIALS_CONFIGURED}: ${what} not read`;
  }
  if (response.status === 401) return `the configured credentials were refused (HTTP 401): ${what} not read`;
  return `${what} answered ${statusLine(response.status)}: not read`;
}

/**
 * Gen1 Shellys (ESP8266, REST on port 80). Auth is what /settings does without credentials: a 200 means anyone on
 * the network can read and change the device. On v1.5.x firmware that 200 also carries `login.password`.
 */
export const shellyGen1Adapter: DeviceAdapter = {
  family: 'shelly-gen1',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    if (!target.openTcpPorts.has(80)) return undefined;
    return readShelly(target, context);
  },

  async inspect(target: ProbeTarget, identity: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const endpoint = endpointOf(target);
    if (!isGen1Data(identity.data)) {
      throw new ProtocolError({ host: endpoint.host, port: endpoint.port }, '/shelly is not a Gen1 Shelly answer');
    }
    const { shelly } = identity.data;
    const { facts } = identity;

    const limits = limitsOf(context);
    const open = await gen1Get(endpoint, '/settings', limits);
    let settingsResponse = open;
    let credential: Credential | undefined;
    if (open.status === 200) {
      // The 200 without credentials is the proof, whatever the body holds: anyone can read and change the settings.
      facts.auth = { state: 'none', evidence: httpEvidence(requestLine(endpoint, '/settings'), open, loginPart(open)) };
    } else if (open.status === 401) {
      facts.auth = { state: 'required', evidence: httpEvidence(requestLine(endpoint, '/settings'), open) };
      credential = context.credentials({
        family: 'shelly-gen1',
        address: target.address,
        ...(facts.mac ? { mac: facts.mac } : {}),
        ...(facts.deviceId ? { deviceId: facts.deviceId } : {}),
      });
      if (credential?.password !== undefined)
        settingsResponse = await gen1Get(endpoint, '/settings', limits, credential);
    } else {
      facts.auth = { state: shelly.auth ? 'required' : 'unknown', evidence: identity.evidence };
    }

    if (settingsResponse.status === 401) {
      // Without working credentials /status is locked as well: one request saved, one limitation that says it all.
      facts.limitations.push(unreadable('settings, cloud, debug and update state', settingsResponse, credential));
      return facts;
    }
    if (settingsResponse.status === 200) {
      const raw = jsonObject(endpoint, '/settings', settingsResponse);
      readSettings(facts, raw, requestLine(endpoint, '/settings'), settingsResponse, open.status === 200);
    } else {
      facts.limitations.push(unreadable('/settings', settingsResponse, credential));
    }
    await readUpdate(facts, endpoint, context, shelly.fw, credential);
    return facts;
  },
};

async function readUpdate(
  facts: DeviceFacts,
  endpoint: ShellyEndpoint,
  context: ProbeContext,
  installed: string,
  credential: Credential | undefined,
): Promise<void> {
  const useCredential = credential?.password !== undefined ? credential : undefined;
  const response = await gen1Get(endpoint, '/status', limitsOf(context), useCredential);
  if (response.status !== 200) {
    facts.limitations.push(unreadable('/status (update state)', response, credential));
    return;
  }
  const status = gen1Status.safeParse(jsonObject(endpoint, '/status', response));
  const update = status.success ? status.data.update : undefined;
  if (!update?.new_version) {
    facts.limitations.push('/status has no update block: latest firmware unknown');
    return;
  }
  // The device reports new_version = its own version when nothing is pending (gen1_* captures).
  facts.firmware.latest = update.has_update ? update.new_version : installed;
  facts.firmware.latestSource = 'device';
  facts.firmware.updateEvidence = httpEvidence(requestLine(endpoint, '/status'), response, { update });
}

function readSettings(
  facts: DeviceFacts,
  raw: Record<string, unknown>,
  sent: string,
  response: HttpResponse,
  readWithoutAuth: boolean,
): void {
  const parsed = gen1Settings.safeParse(raw);
  if (!parsed.success) {
    facts.limitations.push('/settings did not have the expected shape: cloud, debug and secrets not checked');
    return;
  }
  const settings = parsed.data;
  if (settings.name) facts.name = settings.name;
  if (settings.device?.hostname) facts.deviceId = settings.device.hostname;
  if (settings.hwinfo?.hw_revision) facts.hwVersion = settings.hwinfo.hw_revision;
  if (settings.cloud) {
    facts.cloud = {
      enabled: settings.cloud.enabled,
      evidence: httpEvidence(sent, response, { cloud: settings.cloud }),
    };
  }
  if (settings.debug_enable) {
    facts.debugInterfaces.push({
      name: 'debug log (settings.debug_enable)',
      evidence: httpEvidence(sent, response, { debug_enable: true }),
    });
  }
  const password = settings.login?.password;
  if (readWithoutAuth && typeof password === 'string' && password !== '') {
    const evidence: Evidence = httpEvidence(sent, response, { login: { ...settings.login, password: REDACTED } });
    facts.exposedSecrets.push({
      what: 'login password (settings.login.password, clear text, no auth needed)',
      evidence,
    });
  }
  facts.config = redactSecrets(raw);
}
