import { DeviceAuthError } from '../../errors/index.ts';
import type { DeviceFacts, Evidence } from '../../families/facts.ts';
import { setHueAutoInstall } from '../../families/hue/transport.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../../families/installer.ts';

/**
 * `iotwarden fix auto-update <device>`: switches on the device's own automatic updates where its local API has
 * such a switch (Hue bridges: `swupdate2.autoinstall.on`), and says plainly where it has none.
 */

export type AutoUpdateResult =
  | { status: 'enabled'; detail: string; evidence: Evidence }
  /** The device has a switch, but iotwarden does not drive it: the detail says where the owner turns it on. */
  | { status: 'in-vendor-app'; detail: string }
  /** The device has no automatic updates at all. */
  | { status: 'no-switch'; detail: string };

/** Where devices without a local switch get their updates, per family (or protocol). */
function withoutLocalSwitch(facts: DeviceFacts, name: string): AutoUpdateResult {
  if (facts.family === 'kasa' && (facts.protocols.includes('klap') || facts.protocols.includes('aes'))) {
    return {
      status: 'in-vendor-app',
      detail: `${name} has an automatic-update switch, but only its account-protected API reaches it: turn on Auto Update in the Tapo or Kasa app (device settings → Firmware Update).`,
    };
  }
  const why: Record<DeviceFacts['family'], string> = {
    shelly:
      'Shelly devices have no automatic-update switch in their local API: keep the firmware policy on auto so iotwarden installs updates in the maintenance window.',
    kasa: 'legacy Kasa plugs have no automatic-update switch: keep the firmware policy on auto (iotwarden installs offered updates in the maintenance window) or update from the Kasa app.',
    hue: 'this Hue bridge did not accept the switch.',
    tasmota:
      "Tasmota has no automatic updates: update it from its web page (Firmware Upgrade) or with the 'Upgrade 1' command.",
    esphome: 'ESPHome devices update only when you rebuild and upload their firmware from ESPHome.',
    generic: "iotwarden knows no automatic-update switch for this device: check the vendor's app.",
  };
  return { status: 'no-switch', detail: `${name}: ${why[facts.family]}` };
}

export async function enableAutoUpdate(
  device: InstallDevice,
  name: string,
  context: InstallContext,
): Promise<AutoUpdateResult> {
  const { facts } = device;
  if (facts.family !== 'hue') return withoutLocalSwitch(facts, name);
  const credential = credentialFor(device, context);
  const apiKey = credential?.apiKey ?? credential?.username;
  if (apiKey === undefined) {
    throw new DeviceAuthError(
      { host: device.address, port: 80 },
      'switching automatic updates on needs a Hue application key (credentials, family hue, apiKey)',
    );
  }
  const evidence = await setHueAutoInstall(
    {
      host: device.address,
      port: device.connectPort(80),
      timeoutMs: context.timeoutMs,
      maxBytes: context.maxBytes,
      signal: context.signal,
      apiKey,
    },
    true,
  );
  return {
    status: 'enabled',
    detail: `${name} now installs bridge updates by itself (swupdate2.autoinstall.on = true).`,
    evidence,
  };
}
