import type { Evidence } from '../../families/facts.ts';
import { profileOf } from '../../families/index.ts';
import type { InstallContext, InstallDevice } from '../../families/installer.ts';

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

export async function enableAutoUpdate(
  device: InstallDevice,
  name: string,
  context: InstallContext,
): Promise<AutoUpdateResult> {
  const fix = profileOf(device.facts).firmware.autoUpdateFix;
  switch (fix.kind) {
    case 'vendor-app':
      return { status: 'in-vendor-app', detail: `${name} ${fix.detail}` };
    case 'none':
      return { status: 'no-switch', detail: `${name}: ${fix.detail}` };
    case 'device-api': {
      const { outcome, evidence } = await fix.enable(device, context);
      return { status: 'enabled', detail: `${name} ${outcome}`, evidence };
    }
  }
}
