/**
 * Advice for a device no family identified (a camera recognised only by its web server, a NAS, a TV). It is the
 * profile of "some device", not a fallback for a family that forgot a field: families must fill every field.
 */
import type { DeviceProfile } from '../descriptor.ts';
import { semverScheme } from '../version-scheme.ts';

export const ISOLATE_STEP =
  'Keep the device on a separate IoT network (VLAN or guest Wi-Fi with client isolation) so its traffic cannot be watched from other devices.';

export const GENERIC_UPDATE_STEP =
  "Install the newest firmware from the vendor's app or the device's web interface, or download it from the vendor's support site.";

export const GENERIC_CLOUD_OFF_STEP =
  "Turn off cloud or remote access in the device's app or settings if you do not use it.";

export const GENERIC_PHONE_HOME_STEP =
  'Ask the vendor what the device sends while its cloud is off (ETSI EN 303 645 6-1 obliges them to tell you).';

export const GENERIC_EXPOSED_SECRET = 'Update the firmware: the vendor may have fixed the leak.';

export const GENERIC_DEBUG_STEPS = [
  "Turn the debug or developer option off in the device's settings; it is not needed for normal use.",
  'Update the firmware: some debug interfaces are switched off by newer releases.',
];

export const genericDevice: DeviceProfile = {
  nouns: { one: 'device', many: 'devices' },
  versionScheme: semverScheme,
  cloudSettingReadable: false,
  advice: {
    setPassword: () => [
      "Turn on the login of the device's web interface in its settings and choose a strong, unique password.",
      'If the device has no login at all, move it to a separate guest or IoT network that your computers and phones are not on.',
    ],
    update: () => [GENERIC_UPDATE_STEP],
    cleartext: () => [
      "Turn on HTTPS in the device's settings if it offers it, and turn plain HTTP off.",
      ISOLATE_STEP,
      'If the vendor offers no HTTPS at all, ask for it or plan to replace the device.',
    ],
    cloudOff: () => [GENERIC_CLOUD_OFF_STEP],
    phoneHome: (_host, blockStep) => [blockStep, GENERIC_PHONE_HOME_STEP],
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [],
    ownerPath: () => "install it with the vendor's app or the device's own web page",
    notOffered: "Update it with the vendor's app or tool.",
    notOfferedShort: "update with the vendor's tool",
    noLatest: 'iotwarden does not know the newest firmware for this device',
    autoUpdateFix: {
      kind: 'none',
      detail: "iotwarden knows no automatic-update switch for this device: check the vendor's app.",
    },
    autoUpdate: {
      kind: 'switch',
      unreadReason: "iotwarden does not know this device's automatic-update setting",
      steps: () => ["Turn on automatic updates in the device's app or settings."],
    },
  },
};
