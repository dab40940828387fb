/** ESPHome nodes: the native API on TCP 6053 (plaintext or Noise-encrypted), mDNS `_esphomelib._tcp`. */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice, ISOLATE_STEP } from '../generic/profile.ts';
import { semverScheme } from '../version-scheme.ts';
import { esphomeAdapter } from './adapter.ts';
import { esphomeControl } from './control.ts';
import { ESPHOME_FIXES } from './fixes.ts';

export const esphome = {
  id: 'esphome',
  line: 'esphome',
  vendor: 'ESPHome',
  nouns: { one: 'ESPHome device', many: 'ESPHome devices' },
  // Espressif Inc.: ESPHome runs on ESP32 and ESP8266 boards.
  ouis: ['24:6F:28', '30:AE:A4', '7C:9E:BD'],
  discovery: {
    tcpPorts: [6053],
    mdnsTypes: ['_esphomelib._tcp'],
    udpProbes: [],
    worthAsking: (target) =>
      target.openTcpPorts.has(6053) || target.mdns.some((service) => service.type === '_esphomelib._tcp'),
  },
  adapter: esphomeAdapter,
  protocols: {
    'esphome-plaintext': { label: 'the ESPHome native API (plaintext)', port: 6053, service: 'esphome' },
    'esphome-noise': { label: 'the ESPHome native API (encrypted)', port: 6053, service: 'esphome' },
  },
  // ESPHome's calendar versions (`2025.12.7`) order as semver.
  versionScheme: semverScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: () => [
      "In the device's YAML add a username and password under web_server: auth:, and an encryption key under api: encryption: key:.",
      'Install the rebuilt firmware (ESPHome dashboard → Install → Wirelessly), then enter the new key in Home Assistant.',
    ],
    update: () => [
      'Update ESPHome itself (the Home Assistant add-on or pip install -U esphome), then rebuild and install this device: ESPHome dashboard → the device → Install → Wirelessly.',
    ],
    cleartext: () => [
      'Remove web_server: from the device YAML if you do not need it; Home Assistant talks to ESPHome over the native API, which can be encrypted (api: encryption: key:).',
      ISOLATE_STEP,
    ],
    cloudOff: genericDevice.advice.cloudOff,
    phoneHome: genericDevice.advice.phoneHome,
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'owner',
    installers: [],
    ownerPath: () => 'rebuild and upload the firmware from ESPHome (dashboard or `esphome run`)',
    notOffered: 'ESPHome firmware is built by its owner: rebuild and upload it with the newer ESPHome.',
    notOfferedShort: 'owner rebuilds it with newer ESPHome',
    noLatest: 'ESPHome firmware is built by you; check the ESPHome dashboard for outdated devices',
    autoUpdateFix: {
      kind: 'none',
      detail: 'ESPHome devices update only when you rebuild and upload their firmware from ESPHome.',
    },
    autoUpdate: {
      kind: 'none',
      reason:
        'ESPHome firmware is rebuilt and installed from your ESPHome dashboard; the device has no automatic update',
    },
  },
  homeAssistant: { integration: 'esphome' },
  fixes: ESPHOME_FIXES,
  // Switches, lights and covers over the native API (control.ts).
  control: esphomeControl,
  risk: {
    category: () => 'sensor',
    localAuth: 'optional',
    localOperation: 'local-only',
    localApi: 'ESPHome native API on TCP 6053; Noise encryption only when the owner configures a key',
  },
  // ESPHome talks to Home Assistant only: no DNS lookups at all.
  updateEndpoints: {
    // ESPHome nodes are flashed over the LAN by the ESPHome dashboard (port 3232 ESP32, 8266 ESP8266), not the cloud.
    names: [],
    ports: [],
    source: 'https://esphome.io/components/ota/esphome.html (native OTA from the dashboard, port 3232/8266)',
    localRole: 'home-assistant',
  },
  lab: { kindAliases: [], traffic: () => [] },
} as const satisfies FamilyDescriptor<'esphome'>;
