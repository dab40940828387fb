import { DeviceAuthError } from '../../errors/index.ts';
import { httpEvidence } from '../common/redact.ts';
import { ForeignRealmError } from '../shelly/digest-auth.ts';
import { callShellyRpc, requestLine, type ShellyEndpoint, ShellyRpcError } from '../shelly/transport.ts';
import { type ShellyWriteOptions, type ShellyWriteResult, writeRefused } from '../shelly/writes.ts';

/** Gen2+ take a password only (user `admin`); an application key field is accepted as the password too. */
function passwordOf(options: ShellyWriteOptions): string | undefined {
  return options.credential?.password ?? options.credential?.apiKey;
}

/** One RPC write; a 401 becomes the same refusal as Gen1's, naming the method. */
async function rpcWrite(
  endpoint: ShellyEndpoint,
  method: string,
  params: Record<string, unknown>,
  options: ShellyWriteOptions,
) {
  const password = passwordOf(options);
  if (password !== undefined && options.deviceId === undefined) {
    // Without the device id there is no realm to check a digest challenge against: answer none (ForeignRealmError).
    throw new DeviceAuthError(
      { host: endpoint.host, port: endpoint.port },
      `${method}: the device id is unknown, so its digest challenge cannot be checked; scan it first`,
    );
  }
  const auth = password === undefined ? undefined : { password, realm: options.deviceId! };
  try {
    return await callShellyRpc(endpoint, method, params, options, auth);
  } catch (error) {
    if (error instanceof DeviceAuthError && !(error instanceof ForeignRealmError)) {
      throw writeRefused(endpoint, method, password !== undefined);
    }
    throw error;
  }
}

/**
 * `Shelly.Update {"stage":"stable"}`: installs the stable firmware the device offers, then reboots. `accepted` is
 * false when the device answers -114 "Resource unavailable": no update info, nothing to install (Shelly Gen2 API
 * docs, Errors).
 */
export async function startGen2Update(
  endpoint: ShellyEndpoint,
  options: ShellyWriteOptions,
): Promise<ShellyWriteResult> {
  try {
    const answer = await rpcWrite(endpoint, 'Shelly.Update', { stage: 'stable' }, options);
    return { accepted: true, evidence: httpEvidence(answer.sent, answer.response) };
  } catch (error) {
    if (!(error instanceof ShellyRpcError) || error.rpcCode !== -114) throw error;
    const sent = `${requestLine(endpoint, '/rpc', 'POST')} {"method":"Shelly.Update"}`;
    return { accepted: false, evidence: { sent, received: error.message } };
  }
}

/** `Cloud.SetConfig {"config":{"enable":…}}`: switches the vendor-cloud connection. */
export async function setGen2Cloud(
  endpoint: ShellyEndpoint,
  enabled: boolean,
  options: ShellyWriteOptions,
): Promise<ShellyWriteResult> {
  const answer = await rpcWrite(endpoint, 'Cloud.SetConfig', { config: { enable: enabled } }, options);
  return { accepted: true, evidence: httpEvidence(answer.sent, answer.response) };
}
