/** Device-specific steps for turning on a login, shared by the auth and protocol checks. */
import type { HostFacts } from '../families/facts.ts';
import { FIX_COMMANDS } from './fix-commands.ts';
import { familyOf, shellyGeneration } from './host-view.ts';

const KEEP_CREDENTIALS = "Add the new password to iotwarden's credentials so later scans can still read the device.";

/** How to put a password on this host's management interface, in the vendor's own words. */
export function setPasswordSteps(host: HostFacts): string[] {
  const address = host.address;
  switch (familyOf(host)) {
    case 'shelly':
      return shellyGeneration(host.device!) === 1
        ? [
            `Open http://${address}/ → Internet & Security → Restricted Login, tick "Enable authentication" and set a user name and a strong, unique password.`,
            'Or over the API: GET /settings/login?enabled=1&username=<user>&password=<password>.',
            `iotwarden can do this for you: ${FIX_COMMANDS.setPassword(address)}.`,
            KEEP_CREDENTIALS,
          ]
        : [
            `Open http://${address}/ → Settings → Authentication and set a password (the user name is always "admin").`,
            'Or call Shelly.SetAuth with user "admin", realm = the device id and ha1 = SHA-256 of "admin:<device id>:<password>".',
            `iotwarden can do this for you: ${FIX_COMMANDS.setPassword(address)}.`,
            KEEP_CREDENTIALS,
          ];
    case 'tasmota':
      return [
        `Open http://${address}/ → Configuration → Configure Other, set "Web Admin Password" and save.`,
        'Or type in the Tasmota console: WebPassword <password>.',
        KEEP_CREDENTIALS,
      ];
    case 'esphome':
      return [
        "In the device's YAML add a username and password under web_server: auth:, and an encryption key under api: encryption: key:.",
        'Install the rebuilt firmware (ESPHome dashboard → Install → Wirelessly), then enter the new key in Home Assistant.',
      ];
    case 'kasa':
      return [
        'Kasa devices on the legacy protocol have no local password. Update the firmware in the Kasa app: newer firmware replaces the legacy protocol with authenticated KLAP.',
        'Until then keep the device on a separate IoT network and block TCP/UDP port 9999 from everything except your hub.',
      ];
    case 'hue':
      return [
        'The Hue bridge only hands out application keys after its link button is pressed; remove keys you do not recognise in the Hue app (Settings → Apps).',
      ];
    case 'generic':
      return [
        "Turn on the login of the device's web interface in its settings and choose a strong, unique password.",
        'If the device has no login at all, move it to a separate guest or IoT network that your computers and phones are not on.',
      ];
  }
}
