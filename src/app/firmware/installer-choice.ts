import type { DeviceFacts } from '../../families/facts.ts';
import { profileOf } from '../../families/index.ts';
import type { FirmwareInstaller } from '../../families/installer.ts';

export type InstallerChoice = { supported: true; installer: FirmwareInstaller } | { supported: false; reason: string };

/**
 * Picks the installer for a device. Unsupported devices get a plain sentence: iotwarden does not install here,
 * and where the owner does it instead.
 */
export function chooseInstaller(
  facts: DeviceFacts | undefined,
  installers: readonly FirmwareInstaller[] = profileOf(facts).firmware.installers,
): InstallerChoice {
  if (!facts) {
    return {
      supported: false,
      reason: 'not supported: iotwarden did not identify this device, so it cannot install firmware on it',
    };
  }
  const installer = installers.find((candidate) => candidate.applies(facts));
  if (installer) return { supported: true, installer };
  const path = profileOf(facts).firmware.ownerPath(facts);
  const what = [facts.vendor, facts.model].filter(Boolean).join(' ') || facts.family;
  return {
    supported: false,
    reason: `not supported: iotwarden cannot install firmware on ${what}; do it in the vendor app: ${path}`,
  };
}
