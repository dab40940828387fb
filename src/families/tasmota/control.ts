import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import type { ControlCapability, ControlChannel } from '../descriptor.ts';
import { credentialFor } from '../installer.ts';
import { isTasmotaPasswordChallenge, tasmotaCommand } from './transport.ts';

const HTTP_PORT = 80;

/**
 * The channels of Tasmota's `Status 11` (StatusSTS): `POWER` on a one-relay module, `POWER1`…`POWERn` on more,
 * each `ON` or `OFF` (Tasmota docs, Commands → Power; the web server's `/cm` answers as MQTT would). `Dimmer`, when
 * present, is the light's brightness in percent. Values other than ON/OFF are left out.
 */
export function tasmotaChannels(status: unknown): ControlChannel[] {
  const sts = typeof status === 'object' && status !== null ? (status as Record<string, unknown>).StatusSTS : undefined;
  if (typeof sts !== 'object' || sts === null) return [];
  const record = sts as Record<string, unknown>;
  const channels: ControlChannel[] = [];
  for (const key of Object.keys(record)
    .filter((k) => /^POWER\d*$/.test(k))
    .sort(byRelayNumber)) {
    const value = record[key];
    if (value !== 'ON' && value !== 'OFF') continue;
    const index = key === 'POWER' ? 0 : Number(key.slice(5)) - 1;
    const channel: ControlChannel = { id: `relay:${index}`, kind: 'relay', on: value === 'ON' };
    if (index === 0 && typeof record.Dimmer === 'number') channel.brightness = record.Dimmer;
    channels.push(channel);
  }
  return channels;
}

const byRelayNumber = (a: string, b: string): number => Number(a.slice(5) || 1) - Number(b.slice(5) || 1);

/** Tasmota control state: `Status 11` over `/cm`, with the web password when one is configured; nothing switched. */
export const tasmotaControl: ControlCapability = {
  async read(device, context) {
    const port = device.connectPort(HTTP_PORT);
    const password = credentialFor(device, context)?.password;
    const result = await tasmotaCommand({
      host: device.address,
      port,
      command: 'Status 11',
      password,
      timeoutMs: context.timeoutMs,
      maxBytes: context.maxBytes,
      signal: context.signal,
    });
    const where = { host: device.address, port: HTTP_PORT };
    if (isTasmotaPasswordChallenge(result)) {
      throw new DeviceAuthError(
        where,
        password ? 'Status 11: the web password was refused' : 'Status 11 needs the web password',
      );
    }
    if (result.status !== 200) throw new ProtocolError(where, `Status 11 answered HTTP ${result.status}`);
    const channels = tasmotaChannels(result.body);
    if (channels.length === 0) return undefined;
    return { channels, evidence: result.evidence };
  },
};
