/** Tuya (Smart Life) devices on the local protocol: beacons on UDP 6666/6667/7000, control on TCP 6668. */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice, ISOLATE_STEP } from '../generic/profile.ts';
import { NO_FIXES } from '../setting-fix.ts';
import { semverScheme } from '../version-scheme.ts';
import { tuyaAdapter, tuyaAnswer } from './adapter.ts';
import { TUYA_UDP_PROBES } from './discovery.ts';
import { TUYA_TCP_PORT } from './transport.ts';

const APP_UPDATE_STEP =
  'Open the Smart Life (or Tuya Smart) app, tap the device, then the pencil or ⋯ menu → Device Update (Check for firmware update), and install what it offers. Newer firmware often moves the device to protocol 3.4 or 3.5.';
const BLOCK_STEP = `On your router or firewall, allow TCP port ${TUYA_TCP_PORT} to the device only from your smart-home hub.`;

export const tuya = {
  id: 'tuya',
  line: 'tuya',
  vendor: 'Tuya',
  nouns: { one: 'Tuya device', many: 'Tuya devices' },
  // Tuya Smart Inc. (IEEE MA-L); many Tuya devices also carry their Wi-Fi module maker's prefix.
  ouis: ['50:8A:06', '68:57:2D', '10:D5:61'],
  discovery: {
    tcpPorts: [TUYA_TCP_PORT],
    mdnsTypes: [],
    udpProbes: TUYA_UDP_PROBES,
    worthAsking: (target) => tuyaAnswer(target) !== undefined,
  },
  adapter: tuyaAdapter,
  protocols: {
    'tuya-3.1': { label: 'the Tuya local protocol 3.1 (plaintext status)', port: TUYA_TCP_PORT, service: 'tuya' },
    'tuya-3.3': { label: 'the Tuya local protocol 3.3 (AES-ECB)', port: TUYA_TCP_PORT, service: 'tuya' },
    'tuya-3.4': { label: 'the Tuya local protocol 3.4 (session keys)', port: TUYA_TCP_PORT, service: 'tuya' },
    'tuya-3.5': { label: 'the Tuya local protocol 3.5 (AES-GCM)', port: TUYA_TCP_PORT, service: 'tuya' },
  },
  versionScheme: semverScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: () => [
      'Tuya devices cannot be given a password: whoever holds the local key (and, on protocol 3.1, anyone) can read them, and the key is fixed when the device is paired with the Tuya cloud.',
      APP_UPDATE_STEP,
      ISOLATE_STEP,
      BLOCK_STEP,
      'If the device stays on protocol 3.1 or 3.3, consider reflashing it with open firmware (Tasmota, ESPHome, OpenBeken) where the hardware allows, or replacing it.',
    ],
    update: () => [APP_UPDATE_STEP],
    cleartext: () => [ISOLATE_STEP, BLOCK_STEP],
    cloudOff: () => [
      'Stock Tuya firmware has no switch for its cloud: it is controlled through it. Block the device’s internet access at the router only if you control it locally (Home Assistant with the local key), and know that the app then stops working.',
    ],
    phoneHome: genericDevice.advice.phoneHome,
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [],
    ownerPath: () => 'install it in the Smart Life app (device → Device Update)',
    notOffered:
      'Tuya devices are updated through the Tuya cloud from the Smart Life app; the local protocol has no firmware command.',
    notOfferedShort: 'not offered by the device: Smart Life app',
    noLatest: 'the Tuya local protocol does not report firmware versions; only the Tuya cloud knows them',
    autoUpdateFix: {
      kind: 'vendor-app',
      detail: 'Tuya offers automatic updates in the Smart Life app (device → Device Update → Automatic Update).',
    },
    autoUpdate: {
      kind: 'none',
      reason: 'the Tuya local protocol does not show whether automatic updates are on; the Smart Life app does',
    },
  },
  homeAssistant: { integration: 'tuya' },
  // No control-state reader yet: firmware health checks compare reachability and identity only.
  fixes: NO_FIXES,
  control: undefined,
  risk: {
    category: () => 'plug',
    localAuth: 'required',
    localOperation: 'after-cloud-setup',
    localApi: 'Tuya local protocol on TCP 6668; a per-device local key from the Tuya cloud (3.1 status is plaintext)',
  },
  // Not allowed by default in a zero-trust policy: Tuya devices take firmware through the Tuya cloud connection, whose hosts vary by region and product.
  updateEndpoints: undefined,
  lab: {
    kindAliases: [],
    // Stock Tuya firmware keeps an MQTT connection to its regional cloud (a2/m2.tuyaeu.com in the EU region,
    // the names tuya-convert redirects) and looks up NTP.
    traffic: () => [
      { domain: 'm2.tuyaeu.com', periodMs: 30 * 60_000, pattern: 'timer' },
      { domain: 'a2.tuyaeu.com', periodMs: 60 * 60_000, pattern: 'timer' },
      { domain: 'pool.ntp.org', periodMs: 60 * 60_000, pattern: 'timer' },
    ],
  },
} as const satisfies FamilyDescriptor<'tuya'>;
