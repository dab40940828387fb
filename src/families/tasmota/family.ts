import { HTTP_AND_HTTPS } from '../update-endpoints.ts';
/** Tasmota, the open firmware for ESP devices: HTTP on port 80 (`/cm?cmnd=`), optional web password. */

import type { FamilyDescriptor } from '../descriptor.ts';
import { FIX_COMMANDS } from '../fix-commands.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice, ISOLATE_STEP } from '../generic/profile.ts';
import { tasmotaAdapter } from './adapter.ts';
import { tasmotaControl } from './control.ts';
import { TASMOTA_FIXES } from './fixes.ts';
import { tasmotaScheme } from './version.ts';

export const tasmota = {
  id: 'tasmota',
  line: 'tasmota',
  vendor: 'Tasmota',
  nouns: { one: 'Tasmota device', many: 'Tasmota devices' },
  // Espressif Inc.: Tasmota runs on third-party ESP boards (Sonoff, Gosund, …).
  ouis: ['24:0A:C4', '2C:F4:32', 'DC:4F:22'],
  discovery: {
    tcpPorts: [80],
    mdnsTypes: [],
    udpProbes: [],
    worthAsking: (target) => target.openTcpPorts.has(80),
  },
  adapter: tasmotaAdapter,
  protocols: { 'tasmota-http': { label: 'the Tasmota HTTP API', port: 80, service: 'http' } },
  versionScheme: tasmotaScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: ({ address }) => [
      `Open http://${address}/ → Configuration → Configure Other, set "Web Admin Password" and save.`,
      'Or type in the Tasmota console: WebPassword <password>.',
      "Add the new password to iotwarden's credentials so later scans can still read the device.",
      `iotwarden can do this for you (with the password configured for it, else a generated one kept in its secrets file): ${FIX_COMMANDS.apply(address, 'auth.no-login')}.`,
    ],
    update: ({ address }) => [
      `Open http://${address}/ → Firmware Upgrade → "Start upgrade" (from the official OTA URL), or type Upgrade 1 in the console.`,
      'Versions before 8.1.0 must first step through the migration releases listed in the Tasmota release notes.',
    ],
    cleartext: () => [
      'Standard Tasmota builds have no HTTPS web server. After setup, turn the web interface off with the console command WebServer 0 and manage the device over MQTT with TLS.',
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
    ownerPath: () => "install it from the device's web page (Firmware Upgrade) or with the Tasmota `Upgrade 1` command",
    notOffered: 'Tasmota is updated by its owner: upgrade it from its web page (Firmware Upgrade).',
    notOfferedShort: 'owner upgrades it: Tasmota web page',
    noLatest: 'Tasmota does not report newer releases; iotwarden has no release catalogue for it',
    autoUpdateFix: {
      kind: 'none',
      detail:
        "Tasmota has no automatic updates: update it from its web page (Firmware Upgrade) or with the 'Upgrade 1' command.",
    },
    autoUpdate: {
      kind: 'none',
      reason: 'Tasmota has no automatic update; updates are started by hand or by your own automation',
    },
  },
  homeAssistant: { integration: 'tasmota' },
  control: tasmotaControl,
  risk: {
    category: () => 'switch',
    localAuth: 'optional',
    localOperation: 'local-only',
    localApi: 'console commands over plain HTTP on port 80; WebPassword off by default',
  },
  updateEndpoints: {
    names: [{ name: 'ota.tasmota.com', suffix: false }],
    ports: HTTP_AND_HTTPS,
    source:
      'https://tasmota.github.io/docs/Upgrading/ (default OtaUrl http://ota.tasmota.com/tasmota/release/tasmota.bin.gz)',
  },
  fixes: TASMOTA_FIXES,
  lab: {
    kindAliases: [],
    traffic: () => [{ domain: 'pool.ntp.org', periodMs: 60 * 60_000, pattern: 'timer' }],
  },
} as const satisfies FamilyDescriptor<'tasmota'>;
