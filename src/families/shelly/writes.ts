import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { httpEvidence } from '../common/redact.ts';
import type { Credential } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import {
  callShellyRpc,
  gen1Get,
  jsonObject,
  requestLine,
  type ShellyEndpoint,
  type ShellyExchangeLimits,
  ShellyRpcError,
} from './transport.ts';

/**
 * The few writes the firmware and hardening features need. Each is one bounded exchange, authenticated with the
 * owner's configured credential (Basic for Gen1, digest for Gen2+); nothing here ever guesses a password.
 */

export interface ShellyWriteTarget {
  endpoint: ShellyEndpoint;
  /** 1 for the Gen1 REST API, 2+ for JSON-RPC. */
  gen: number;
}

export interface ShellyWriteOptions extends ShellyExchangeLimits {
  credential?: Credential;
}

export interface ShellyWriteResult {
  /** The device accepted the change (an update started; the cloud switch now has the asked state). */
  accepted: boolean;
  evidence: Evidence;
}

function refused(endpoint: ShellyEndpoint, what: string, hasCredential: boolean): DeviceAuthError {
  const detail = hasCredential ? `${what}: the configured credentials were refused` : `${what} needs credentials`;
  return new DeviceAuthError({ host: endpoint.host, port: endpoint.port }, detail);
}

async function gen1Write(target: ShellyWriteTarget, path: string, options: ShellyWriteOptions) {
  const credential = options.credential?.password !== undefined ? options.credential : undefined;
  const response = await gen1Get(target.endpoint, path, options, credential);
  if (response.status === 401) throw refused(target.endpoint, path, credential !== undefined);
  if (response.status !== 200) {
    const { host, port } = target.endpoint;
    throw new ProtocolError({ host, port }, `${path} answered HTTP ${response.status}`);
  }
  return {
    body: jsonObject(target.endpoint, path, response),
    evidence: httpEvidence(requestLine(target.endpoint, path), response),
  };
}

function gen2Password(options: ShellyWriteOptions): string | undefined {
  return options.credential?.password ?? options.credential?.apiKey;
}

/**
 * Starts installing the firmware the device offers: Gen1 `GET /ota?update=true`, Gen2+ `Shelly.Update
 * {"stage":"stable"}`. `accepted` is false when the device has nothing to install. The device reboots afterwards.
 */
export async function startShellyUpdate(
  target: ShellyWriteTarget,
  options: ShellyWriteOptions,
): Promise<ShellyWriteResult> {
  if (target.gen === 1) {
    const { body, evidence } = await gen1Write(target, '/ota?update=true', options);
    return { accepted: body.status === 'updating', evidence };
  }
  try {
    const answer = await callShellyRpc(
      target.endpoint,
      'Shelly.Update',
      { stage: 'stable' },
      options,
      gen2Password(options),
    );
    return { accepted: true, evidence: httpEvidence(answer.sent, answer.response) };
  } catch (error) {
    // -114 "Resource unavailable": no update info, nothing to install (Shelly Gen2 API docs, Errors).
    if (error instanceof ShellyRpcError && error.rpcCode === -114) {
      return {
        accepted: false,
        evidence: {
          sent: `${requestLine(target.endpoint, '/rpc', 'POST')} {"method":"Shelly.Update"}`,
          received: error.message,
        },
      };
    }
    if (error instanceof DeviceAuthError)
      throw refused(target.endpoint, 'Shelly.Update', gen2Password(options) !== undefined);
    throw error;
  }
}

/** Switches the vendor-cloud connection: Gen1 `GET /settings/cloud?enabled=0|1`, Gen2+ `Cloud.SetConfig`. */
export async function setShellyCloud(
  target: ShellyWriteTarget,
  enabled: boolean,
  options: ShellyWriteOptions,
): Promise<ShellyWriteResult> {
  if (target.gen === 1) {
    const { body, evidence } = await gen1Write(target, `/settings/cloud?enabled=${enabled ? 1 : 0}`, options);
    return { accepted: body.enabled === enabled, evidence };
  }
  try {
    const params = { config: { enable: enabled } };
    const answer = await callShellyRpc(target.endpoint, 'Cloud.SetConfig', params, options, gen2Password(options));
    return { accepted: true, evidence: httpEvidence(answer.sent, answer.response) };
  } catch (error) {
    if (error instanceof DeviceAuthError)
      throw refused(target.endpoint, 'Cloud.SetConfig', gen2Password(options) !== undefined);
    throw error;
  }
}
