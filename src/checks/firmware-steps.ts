/** Device-specific steps for installing a firmware update and for turning on automatic updates. */
import type { HostFacts } from '../families/facts.ts';
import { FIX_COMMANDS } from './fix-commands.ts';
import { familyOf, shellyGeneration } from './host-view.ts';

/** How to install the newest firmware on this host. */
export function updateSteps(host: HostFacts): string[] {
  const address = host.address;
  switch (familyOf(host)) {
    case 'shelly':
      return shellyGeneration(host.device!) === 1
        ? [
            `Open http://${address}/ → Settings → Firmware Update and press "Update", or call GET /ota?update=true.`,
            `iotwarden can do this for you: ${FIX_COMMANDS.update(address)}.`,
          ]
        : [
            `Open http://${address}/ → Settings → Firmware and install the stable update, or call Shelly.Update with {"stage":"stable"}.`,
            `iotwarden can do this for you: ${FIX_COMMANDS.update(address)}.`,
          ];
    case 'kasa':
      return [
        'Open the Kasa (or Tapo) app → the device → Settings → Device Info → Firmware Update. TP-Link delivers updates through the app and its cloud.',
      ];
    case 'hue':
      return [
        'Open the Hue app → Settings → Software update and install the bridge update.',
        `Then keep it current automatically: ${FIX_COMMANDS.autoUpdate(address)}.`,
      ];
    case 'tasmota':
      return [
        `Open http://${address}/ → Firmware Upgrade → "Start upgrade" (from the official OTA URL), or type Upgrade 1 in the console.`,
        'Versions before 8.1.0 must first step through the migration releases listed in the Tasmota release notes.',
      ];
    case 'esphome':
      return [
        'Update ESPHome itself (the Home Assistant add-on or pip install -U esphome), then rebuild and install this device: ESPHome dashboard → the device → Install → Wirelessly.',
      ];
    case 'generic':
      return [
        "Install the newest firmware from the vendor's app or the device's web interface, or download it from the vendor's support site.",
      ];
  }
}

/** How to turn on automatic updates, for families that have a switch for it. */
export function autoUpdateSteps(host: HostFacts): string[] {
  switch (familyOf(host)) {
    case 'hue':
      return [
        'Open the Hue app → Settings → Software update → Automatic update and turn it on for the bridge and the lights.',
        `iotwarden can do this for you: ${FIX_COMMANDS.autoUpdate(host.address)}.`,
      ];
    case 'kasa':
      return ['Open the Kasa or Tapo app → the device → Settings → Firmware Update and turn on "Auto Update".'];
    default:
      return ["Turn on automatic updates in the device's app or settings."];
  }
}
