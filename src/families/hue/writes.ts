/** Settings iotwarden changes on a Hue bridge through its own v1 API. */
import { DeviceAuthError } from '../../errors/index.ts';
import type { Evidence } from '../facts.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../installer.ts';
import { keyedLimits } from './installer.ts';
import { setHueAutoInstall } from './transport.ts';

/** `swupdate2.autoinstall.on = true` (Hue API v1, /config): the bridge installs updates by itself at night. */
export async function enableHueAutoInstall(device: InstallDevice, context: InstallContext): Promise<Evidence> {
  const credential = credentialFor(device, context);
  const apiKey = credential?.apiKey ?? credential?.username;
  if (apiKey === undefined) {
    throw new DeviceAuthError(
      { host: device.address, port: 80 },
      'switching automatic updates on needs a Hue application key (credentials, family hue, apiKey)',
    );
  }
  return setHueAutoInstall(
    {
      ...keyedLimits(device, context),
      apiKey,
    },
    true,
  );
}
