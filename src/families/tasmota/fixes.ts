/**
 * The setting iotwarden changes on a Tasmota device: the web password (`WebPassword <password>`, `WebPassword 0`
 * clears it; Tasmota docs, Commands → Management). The user is always `admin` (WEB_USERNAME).
 */
import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import type { Evidence } from '../facts.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../installer.ts';
import { onOff, type SettingFix, type SettingReading } from '../setting-fix.ts';
import { TASMOTA_USER, tasmotaCommand } from './transport.ts';

async function run(device: InstallDevice, context: InstallContext, command: string, password: string | undefined) {
  const { timeoutMs, maxBytes, signal } = context;
  const port = device.connectPort(80);
  const result = await tasmotaCommand({ host: device.address, port, command, password, timeoutMs, maxBytes, signal });
  if (result.status === 401) {
    throw new DeviceAuthError({ host: device.address, port }, `${command.split(' ')[0]}: the web password was refused`);
  }
  if (result.status !== 200 || typeof result.body !== 'object' || result.body === null) {
    throw new ProtocolError({ host: device.address, port }, `/cm answered HTTP ${result.status} without JSON`);
  }
  return result;
}

/** The command's argument is the new password: it must not reach the evidence. */
function withoutArgument(evidence: Evidence): Evidence {
  return { ...evidence, sent: evidence.sent.replace(/cmnd=WebPassword[^&]*/, 'cmnd=WebPassword%20***') };
}

async function readWebPassword(device: InstallDevice, context: InstallContext): Promise<SettingReading> {
  const result = await run(device, context, 'WebPassword', credentialFor(device, context)?.password);
  const value = onOff(Boolean((result.body as Record<string, unknown>).WebPassword));
  return { value, evidence: result.evidence };
}

const tasmotaPasswordFix: SettingFix = {
  id: 'tasmota.web-password',
  checkId: 'auth.no-login',
  plan: () => ({
    setting: 'web password',
    before: 'off',
    after: 'on',
    sideEffects: [
      'the web page and HTTP commands (/cm) then want the password; Home Assistant over MQTT is not affected, HTTP integrations must be given it',
    ],
    undoable: true,
    newPassword: { username: TASMOTA_USER },
  }),
  read: readWebPassword,
  async write(device, context) {
    const password = credentialFor(device, context)?.password;
    if (!password) throw new DeviceAuthError({ host: device.address, port: 80 }, 'no new web password was given');
    // The device has no password yet: the command goes without one, as the owner's browser would send it.
    return withoutArgument((await run(device, context, `WebPassword ${password}`, undefined)).evidence);
  },
  async revert(device, context) {
    return (await run(device, context, 'WebPassword 0', credentialFor(device, context)?.password)).evidence;
  },
};

export const TASMOTA_FIXES = { settings: [tasmotaPasswordFix], manual: [] } as const;
