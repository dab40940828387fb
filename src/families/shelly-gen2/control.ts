import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { httpEvidence } from '../common/redact.ts';
import type { ControlCapability, ControlChannel } from '../descriptor.ts';
import { credentialFor } from '../installer.ts';
import { ForeignRealmError } from '../shelly/digest-auth.ts';
import { installEndpoint } from '../shelly/installer.ts';
import { callShellyRpc } from '../shelly/transport.ts';

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The output components of a Gen2+ `Shelly.GetStatus`: `switch:N.output`, `cover:N.state`/`current_pos`,
 * `light:N.output`/`brightness` (Gen2 API docs, Switch, Cover and Light status). Components without their state
 * field are left out.
 */
export function gen2Channels(status: JsonRecord): ControlChannel[] {
  const channels: ControlChannel[] = [];
  for (const [key, value] of Object.entries(status)) {
    if (!isRecord(value)) continue;
    const type = key.split(':')[0];
    if (type === 'switch' && typeof value.output === 'boolean') {
      channels.push({ id: key, kind: 'relay', on: value.output });
    } else if (type === 'cover' && typeof value.state === 'string') {
      const channel: ControlChannel = { id: key, kind: 'cover', state: value.state };
      if (typeof value.current_pos === 'number') channel.position = value.current_pos;
      channels.push(channel);
    } else if (type === 'light' && typeof value.output === 'boolean') {
      const channel: ControlChannel = { id: key, kind: 'light', on: value.output };
      if (typeof value.brightness === 'number') channel.brightness = value.brightness;
      channels.push(channel);
    }
  }
  return channels;
}

/** Gen2+ control state: one `Shelly.GetStatus` with the owner's password (digest); nothing is switched. */
export const shellyGen2Control: ControlCapability = {
  async read(device, context) {
    const endpoint = installEndpoint(device);
    const credential = credentialFor(device, context);
    const password = credential?.password ?? credential?.apiKey;
    // The digest is answered only for the realm that is the device's own id (issue 8, ForeignRealmError).
    const realm = device.facts.deviceId;
    if (password !== undefined && realm === undefined) {
      throw new DeviceAuthError(
        { host: endpoint.host, port: endpoint.port },
        'Shelly.GetStatus: the device id is unknown, so its digest challenge cannot be checked; scan it first',
      );
    }
    const auth = password === undefined || realm === undefined ? undefined : { password, realm };
    const answer = await callShellyRpc(endpoint, 'Shelly.GetStatus', undefined, context, auth).catch(
      (error: unknown) => {
        if (error instanceof DeviceAuthError && !(error instanceof ForeignRealmError) && password !== undefined) {
          throw new DeviceAuthError(
            { host: endpoint.host, port: endpoint.port },
            'Shelly.GetStatus: the configured credentials were refused',
          );
        }
        throw error;
      },
    );
    if (!isRecord(answer.result)) {
      throw new ProtocolError(
        { host: endpoint.host, port: endpoint.port },
        'Shelly.GetStatus did not answer an object',
      );
    }
    const channels = gen2Channels(answer.result);
    if (channels.length === 0) return undefined;
    return { channels, evidence: httpEvidence(answer.sent, answer.response, { channels }) };
  },
};
