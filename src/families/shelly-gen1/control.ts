import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { httpEvidence } from '../common/redact.ts';
import type { ControlCapability, ControlChannel } from '../descriptor.ts';
import { credentialFor } from '../installer.ts';
import { installEndpoint } from '../shelly/installer.ts';
import { gen1Get, jsonObject, requestLine } from '../shelly/transport.ts';

type JsonRecord = Record<string, unknown>;

const records = (value: unknown): JsonRecord[] =>
  Array.isArray(value)
    ? value.filter((item): item is JsonRecord => typeof item === 'object' && item !== null && !Array.isArray(item))
    : [];

/**
 * The channels of a Gen1 `/status`: `relays[].ison`, `rollers[].state`/`current_pos` (a Shelly 2.5 in roller mode
 * lists rollers instead of relays), `lights[].ison`/`brightness` (Shelly Gen1 API docs, Shelly1/1PM, Shelly2.5 and
 * Dimmer `/status`). Entries without their state field are left out: a device that cannot say is not read.
 */
export function gen1Channels(status: JsonRecord): ControlChannel[] {
  const channels: ControlChannel[] = [];
  records(status.relays).forEach((relay, i) => {
    if (typeof relay.ison === 'boolean') channels.push({ id: `relay:${i}`, kind: 'relay', on: relay.ison });
  });
  records(status.rollers).forEach((roller, i) => {
    if (typeof roller.state !== 'string') return;
    const channel: ControlChannel = { id: `roller:${i}`, kind: 'cover', state: roller.state };
    if (typeof roller.current_pos === 'number' && roller.current_pos >= 0) channel.position = roller.current_pos;
    channels.push(channel);
  });
  records(status.lights).forEach((light, i) => {
    if (typeof light.ison !== 'boolean') return;
    const channel: ControlChannel = { id: `light:${i}`, kind: 'light', on: light.ison };
    if (typeof light.brightness === 'number') channel.brightness = light.brightness;
    channels.push(channel);
  });
  return channels;
}

/** Gen1 control state: one `GET /status` with the owner's Basic credentials; nothing is switched. */
export const shellyGen1Control: ControlCapability = {
  async read(device, context) {
    const endpoint = installEndpoint(device);
    const credential = credentialFor(device, context);
    const response = await gen1Get(
      endpoint,
      '/status',
      context,
      credential?.password !== undefined ? credential : undefined,
    );
    const where = { host: endpoint.host, port: endpoint.port };
    if (response.status === 401) {
      throw new DeviceAuthError(
        where,
        credential ? '/status: the configured credentials were refused' : '/status needs credentials',
      );
    }
    if (response.status !== 200) throw new ProtocolError(where, `/status answered HTTP ${response.status}`);
    const channels = gen1Channels(jsonObject(endpoint, '/status', response));
    if (channels.length === 0) return undefined;
    return { channels, evidence: httpEvidence(requestLine(endpoint, '/status'), response, { channels }) };
  },
};
