/** Advice shared by both Shelly families, in Shelly's own words (Shelly web UI and API docs). */
import type { HostFacts } from '../facts.ts';
import { FIX_COMMANDS } from '../fix-commands.ts';
import { HTTP_AND_HTTPS, type UpdateEndpoints } from '../update-endpoints.ts';

/**
 * Why each Shelly should have its own password (issue 8): Gen1 sends the password itself in HTTP Basic auth, and a
 * Gen2+ digest answer is a hash an impostor can test guesses against offline, so a password shared by every Shelly
 * is only as safe as the least safe exchange with any of them.
 */
export const KEEP_CREDENTIALS =
  "Use a different password on every device: a Shelly answers a login with the password itself (Gen1) or with a hash that can be cracked offline (Gen2+), so one shared password is only as safe as the weakest device. Add each to iotwarden's credentials for that device (by address, mac or deviceId) so later scans can still read it.";

export const CLOUD_TRADE_OFF =
  'Switching the cloud off disables app control away from home and voice assistants; local control keeps working.';

export function shellyCleartextSteps(isolate: string): string[] {
  return [
    'Shelly devices serve their local API over HTTP only; there is no HTTPS switch.',
    isolate,
    'Manage it from a wired or trusted network only, and use a password that you use nowhere else.',
  ];
}

export function shellyPhoneHomeSteps(blockStep: string, peerDiffStep: string): string[] {
  return [
    'Shellys also reach the cloud for firmware checks and, on Gen2+, for the outbound websocket (Ws) and BLE gateway features: switch those off too if you do not use them.',
    peerDiffStep,
    blockStep,
  ];
}

export function shellyCloudOffSteps(host: HostFacts, how: string): string[] {
  return [how, `iotwarden can do this for you: ${FIX_COMMANDS.apply(host.address, 'cloud.enabled')}.`, CLOUD_TRADE_OFF];
}

export const SHELLY_EXPOSED_SECRET =
  'Old Shelly Gen1 firmware (v1.5.x, 2019) returned the login password in /settings; current firmware does not. Update first.';

export const SHELLY_NO_LATEST = 'the device did not report whether an update is available';

export const SHELLY_NO_AUTO_UPDATE = 'Shelly devices do not expose an automatic-update setting on their local API';

/** Shelly devices check for and download updates from the vendor's cloud hosts under shelly.cloud. */
export const SHELLY_UPDATE_ENDPOINTS: UpdateEndpoints = {
  names: [{ name: 'shelly.cloud', suffix: true }],
  ports: HTTP_AND_HTTPS,
  source:
    'src/checks/data/domains.json entry shelly.cloud; https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Shelly#shellyupdate',
};
