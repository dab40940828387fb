/** Advice shared by both TP-Link families (Kasa and Tapo apps, python-kasa). */
import type { HostFacts } from '../facts.ts';
import { FIX_COMMANDS } from '../fix-commands.ts';
import { CLOUD_TRADE_OFF } from '../shelly/advice.ts';

export function tplinkUpdateSteps(): string[] {
  return [
    'Open the Kasa (or Tapo) app → the device → Settings → Device Info → Firmware Update. TP-Link delivers updates through the app and its cloud.',
  ];
}

export function tplinkCloudOffSteps(host: HostFacts): string[] {
  // Only the legacy protocol lets iotwarden unbind (cnCloud.unbind, kasa-legacy/fixes.ts); KLAP devices need the app.
  const how =
    host.device?.family === 'kasa-legacy'
      ? `iotwarden can do this for you: ${FIX_COMMANDS.apply(host.address, 'cloud.enabled')}.`
      : 'In the Kasa or Tapo app: the device → Settings → Remove (this unbinds it from your TP-Link account).';
  return [
    'Remove the device from the TP-Link cloud (unbind it). The Kasa app offers no switch for this on most devices.',
    how,
    CLOUD_TRADE_OFF,
  ];
}

export function tplinkPhoneHomeSteps(blockStep: string): string[] {
  return [
    'Kasa plugs keep calling the TP-Link cloud while they are bound to an account: unbind the device rather than only hiding it in the app (how: iotwarden fix plan --check cloud.enabled).',
    blockStep,
    'Local control (Home Assistant, python-kasa) keeps working with the cloud blocked.',
  ];
}

export function tplinkSetPasswordSteps(): string[] {
  return [
    'Kasa devices on the legacy protocol have no local password. Update the firmware in the Kasa app: newer firmware replaces the legacy protocol with authenticated KLAP.',
    'Until then keep the device on a separate IoT network and block TCP/UDP port 9999 from everything except your hub.',
  ];
}

export const TPLINK_NO_LATEST =
  'TP-Link devices learn about updates from the TP-Link cloud; the device does not say so locally';

export const TPLINK_NOT_OFFERED =
  'The plug does not offer it, so iotwarden cannot install it: update it in the Kasa app.';
