/** Shelly Gen2+ (Plus, Pro, Gen3, Gen4): JSON-RPC over HTTP and WebSocket on port 80, ESP32 based. */
import type { FamilyDescriptor } from '../descriptor.ts';
import { FIX_COMMANDS } from '../fix-commands.ts';
import { ISOLATE_STEP } from '../generic/profile.ts';
import {
  KEEP_CREDENTIALS,
  SHELLY_EXPOSED_SECRET,
  SHELLY_NO_AUTO_UPDATE,
  SHELLY_NO_LATEST,
  SHELLY_UPDATE_ENDPOINTS,
  shellyCleartextSteps,
  shellyCloudOffSteps,
  shellyPhoneHomeSteps,
} from '../shelly/advice.ts';
import { SHELLY_LOCAL, shellyCategory } from '../shelly/risk.ts';
import { shellyTraffic } from '../shelly/traffic.ts';
import { shellyScheme } from '../shelly/version.ts';
import { shellyGen2Adapter } from './adapter.ts';
import { shellyGen2Control } from './control.ts';
import { SHELLY_GEN2_FIXES } from './fixes.ts';
import { shellyGen2Installer } from './installer.ts';
export const shellyGen2 = {
  id: 'shelly-gen2',
  line: 'shelly',
  vendor: 'Shelly',
  nouns: { one: 'Shelly', many: 'Shellys' },
  // Espressif Inc. (Plus and Pro are ESP32 based).
  ouis: ['A8:03:2A', '08:3A:F2', '34:98:7A', 'EC:62:60'],
  discovery: {
    tcpPorts: [80],
    mdnsTypes: ['_shelly._tcp'],
    udpProbes: [],
    worthAsking: (target) =>
      target.mdns.some((service) => service.type === '_shelly._tcp') || target.openTcpPorts.has(80),
  },
  adapter: shellyGen2Adapter,
  protocols: { 'shelly-rpc': { label: 'the Shelly RPC API', port: 80, service: 'http' } },
  versionScheme: shellyScheme,
  // Model ids name the generation: Gen3 `S3…`, Gen4 `S4…`; Plus and Pro are Gen2 (fixtures README, shelly/).
  generation: (device) => {
    const model = device.model?.toUpperCase() ?? '';
    if (model.startsWith('S3')) return 3;
    if (model.startsWith('S4')) return 4;
    return 2;
  },
  cloudSettingReadable: true,
  advice: {
    setPassword: ({ address }) => [
      `Open http://${address}/ → Settings → Authentication and set a password (the user name is always "admin").`,
      'Or call Shelly.SetAuth with user "admin", realm = the device id and ha1 = SHA-256 of "admin:<device id>:<password>".',
      `iotwarden can do this for you: ${FIX_COMMANDS.apply(address, 'auth.no-login')}.`,
      KEEP_CREDENTIALS,
    ],
    update: ({ address }) => [
      `Open http://${address}/ → Settings → Firmware and install the stable update, or call Shelly.Update with {"stage":"stable"}.`,
      `iotwarden can do this for you: ${FIX_COMMANDS.update(address)}.`,
    ],
    cleartext: () => shellyCleartextSteps(ISOLATE_STEP),
    cloudOff: (host) =>
      shellyCloudOffSteps(
        host,
        `Open http://${host.address}/ → Settings → Shelly Cloud and turn it off, or call Cloud.SetConfig with {"config":{"enable":false}}.`,
      ),
    phoneHome: (_host, blockStep, peerDiffStep) => shellyPhoneHomeSteps(blockStep, peerDiffStep),
    debugOff: ({ address }) => [
      `Open http://${address}/ → Settings → Debug logs and turn off websocket, MQTT and UDP debug.`,
      'Or call Sys.SetConfig with {"config":{"debug":{"websocket":{"enable":false},"mqtt":{"enable":false},"udp":{"addr":null}}}}.',
    ],
    exposedSecret: SHELLY_EXPOSED_SECRET,
    // Gen2 *.SetConfig calls (Shelly Gen2 API docs: Sys, MQTT, Cloud components).
    settingFix: (_host, { path, peersValue }) => {
      if (/(^|\.)sntp\.server$/.test(path))
        return `Set the SNTP server back: Sys.SetConfig with {"config":{"sntp":{"server":${JSON.stringify(peersValue)}}}}`;
      if (/(^|\.)mqtt\.(enable|server)$/.test(path))
        return 'Fix or switch off MQTT: MQTT.SetConfig with {"config":{"enable":false}} (or set server to your broker)';
      if (/debug/.test(path))
        return 'Switch debug logging off: Sys.SetConfig with {"config":{"debug":{"websocket":{"enable":false}}}}';
      return undefined;
    },
  },
  firmware: {
    updatedBy: 'device',
    installers: [shellyGen2Installer],
    ownerPath: () => 'install it from the Shelly app or the device web page',
    notOffered:
      "The device's own update check does not offer it yet (phased rollout, or no internet access), so iotwarden cannot install it: check again later, or update it in the Shelly app.",
    notOfferedShort: 'not offered by the device yet: Shelly app',
    noLatest: SHELLY_NO_LATEST,
    autoUpdateFix: {
      kind: 'none',
      detail:
        'Shelly devices have no automatic-update switch in their local API: keep the firmware policy on auto so iotwarden installs updates in the maintenance window.',
    },
    autoUpdate: { kind: 'none', reason: SHELLY_NO_AUTO_UPDATE },
  },
  homeAssistant: { integration: 'shelly' },
  fixes: SHELLY_GEN2_FIXES,
  control: shellyGen2Control,
  risk: {
    category: shellyCategory,
    ...SHELLY_LOCAL,
    localApi: 'JSON-RPC over HTTP and WebSocket on port 80; digest auth off until the owner sets a password',
  },
  updateEndpoints: SHELLY_UPDATE_ENDPOINTS,
  lab: { kindAliases: [], traffic: (settings) => shellyTraffic(2, settings.cloud === true) },
} as const satisfies FamilyDescriptor<'shelly-gen2'>;
