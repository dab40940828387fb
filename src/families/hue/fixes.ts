/** The setting iotwarden changes on a Hue bridge: automatic updates (`swupdate2.autoinstall.on`, Hue API v1 /config). */
import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../installer.ts';
import { onOff, type SettingFix, type SettingReading } from '../setting-fix.ts';
import { HUE_UNAUTHORIZED_USER } from './schema.ts';
import { hueV1Errors, hueV1Request, REDACTED_KEY, setHueAutoInstall } from './transport.ts';

function limitsFor(device: InstallDevice, context: InstallContext) {
  const credential = credentialFor(device, context);
  const apiKey = credential?.apiKey ?? credential?.username;
  if (apiKey === undefined) {
    throw new DeviceAuthError(
      { host: device.address, port: 80 },
      'changing the bridge settings needs a Hue application key (credentials, family hue, apiKey)',
    );
  }
  const { timeoutMs, maxBytes, signal } = context;
  return { host: device.address, port: device.connectPort(80), timeoutMs, maxBytes, signal, apiKey };
}

/** `GET /api/<key>/config` → `swupdate2.autoinstall.on`. */
async function readAutoInstall(device: InstallDevice, context: InstallContext): Promise<SettingReading> {
  const limits = limitsFor(device, context);
  const { body, evidence } = await hueV1Request(limits, { path: `/api/${REDACTED_KEY}/config`, apiKey: limits.apiKey });
  if (hueV1Errors(body).some((error) => error.type === HUE_UNAUTHORIZED_USER)) {
    throw new DeviceAuthError({ host: limits.host, port: limits.port }, 'the Hue application key was refused');
  }
  const on = (body as { swupdate2?: { autoinstall?: { on?: unknown } } } | null)?.swupdate2?.autoinstall?.on;
  if (typeof on !== 'boolean') {
    throw new ProtocolError({ host: limits.host, port: limits.port }, '/config has no swupdate2.autoinstall.on');
  }
  return { value: onOff(on), evidence: { sent: evidence.sent, received: `autoinstall ${onOff(on)}` } };
}

const hueAutoInstallFix: SettingFix = {
  id: 'hue.auto-update',
  checkId: 'firmware.auto-update-off',
  plan: (host) =>
    host.device?.firmware.autoUpdate === false
      ? {
          setting: 'automatic updates',
          before: 'off',
          after: 'on',
          sideEffects: ['the bridge and its lights install updates by themselves at night and restart briefly'],
          undoable: true,
        }
      : undefined,
  read: readAutoInstall,
  write: (device, context) => setHueAutoInstall(limitsFor(device, context), true),
  revert: (device, context) => setHueAutoInstall(limitsFor(device, context), false),
};

export const HUE_FIXES = { settings: [hueAutoInstallFix], manual: [] } as const;
