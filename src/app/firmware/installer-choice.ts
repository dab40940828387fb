import type { DeviceFacts } from '../../families/facts.ts';
import { hueBridgeInstaller } from '../../families/hue/installer.ts';
import type { FirmwareInstaller } from '../../families/installer.ts';
import { kasaLegacyInstaller } from '../../families/kasa-legacy/installer.ts';
import { shellyGen1Installer, shellyGen2Installer } from '../../families/shelly/installer.ts';

/** Every installer, asked in order. Device support is data: add an installer here. */
export const INSTALLERS: readonly FirmwareInstaller[] = [
  shellyGen1Installer,
  shellyGen2Installer,
  kasaLegacyInstaller,
  hueBridgeInstaller,
];

/** Where iotwarden cannot install, what the owner does instead, per family (or per protocol where it matters). */
const VENDOR_PATHS: Record<string, string> = {
  klap: 'install it in the Kasa or Tapo app (Device settings → Firmware update); the local KLAP API has no documented install call',
  aes: 'install it in the Tapo app (Device settings → Firmware update)',
  kasa: 'install it in the Kasa app (Device settings → Firmware update)',
  tasmota: "install it from the device's web page (Firmware Upgrade) or with the Tasmota `Upgrade 1` command",
  esphome: 'rebuild and upload the firmware from ESPHome (dashboard or `esphome run`)',
  generic: "install it with the vendor's app or the device's own web page",
};

export type InstallerChoice = { supported: true; installer: FirmwareInstaller } | { supported: false; reason: string };

/**
 * Picks the installer for a device. Unsupported devices get a plain sentence: iotwarden does not install here,
 * and where the owner does it instead.
 */
export function chooseInstaller(
  facts: DeviceFacts | undefined,
  installers: readonly FirmwareInstaller[] = INSTALLERS,
): InstallerChoice {
  if (!facts) {
    return {
      supported: false,
      reason: 'not supported: iotwarden did not identify this device, so it cannot install firmware on it',
    };
  }
  const installer = installers.find((candidate) => candidate.applies(facts));
  if (installer) return { supported: true, installer };
  const protocol = facts.protocols.find((p) => p in VENDOR_PATHS);
  const path = VENDOR_PATHS[protocol ?? facts.family] ?? VENDOR_PATHS.generic;
  const what = [facts.vendor, facts.model].filter(Boolean).join(' ') || facts.family;
  return {
    supported: false,
    reason: `not supported: iotwarden cannot install firmware on ${what}; do it in the vendor app: ${path}`,
  };
}
