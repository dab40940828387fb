/** Shelly Gen1: the REST API on port 80 (`/shelly`, `/settings`, `/status`), ESP8266 based. */
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
import { shellyGen1Adapter } from './adapter.ts';
import { shellyGen1Control } from './control.ts';
import { SHELLY_GEN1_FIXES } from './fixes.ts';
import { shellyGen1Installer } from './installer.ts';
export const shellyGen1 = {
  id: 'shelly-gen1',
  line: 'shelly',
  vendor: 'Shelly',
  nouns: { one: 'Shelly', many: 'Shellys' },
  // Espressif Inc. (Gen1 Shellys are ESP8266 based; Allterco ships Espressif modules).
  ouis: ['E8:DB:84', '84:CC:A8', 'C4:5B:BE', '98:CD:AC'],
  discovery: {
    tcpPorts: [80],
    mdnsTypes: ['_http._tcp'],
    udpProbes: [],
    worthAsking: (target) => target.openTcpPorts.has(80),
  },
  adapter: shellyGen1Adapter,
  protocols: { 'shelly-http': { label: 'the Shelly Gen1 HTTP API', port: 80, service: 'http' } },
  versionScheme: shellyScheme,
  generation: () => 1,
  cloudSettingReadable: true,
  advice: {
    setPassword: ({ address }) => [
      `Open http://${address}/ → Internet & Security → Restricted Login, tick "Enable authentication" and set a user name and a strong, unique password.`,
      'Or over the API: GET /settings/login?enabled=1&username=<user>&password=<password>.',
      `iotwarden can do this for you: ${FIX_COMMANDS.apply(address, 'auth.no-login')}.`,
      KEEP_CREDENTIALS,
    ],
    update: ({ address }) => [
      `Open http://${address}/ → Settings → Firmware Update and press "Update", or call GET /ota?update=true.`,
      `iotwarden can do this for you: ${FIX_COMMANDS.update(address)}.`,
    ],
    cleartext: () => shellyCleartextSteps(ISOLATE_STEP),
    cloudOff: (host) =>
      shellyCloudOffSteps(
        host,
        `Open http://${host.address}/ → Internet & Security → Cloud and untick it, or call GET /settings/cloud?enabled=0.`,
      ),
    phoneHome: (_host, blockStep, peerDiffStep) => shellyPhoneHomeSteps(blockStep, peerDiffStep),
    debugOff: ({ address }) => [
      "Turn the debug or developer option off in the device's settings; it is not needed for normal use.",
      `iotwarden can do this for you: ${FIX_COMMANDS.apply(address, 'service.debug-interface')}.`,
      'Update the firmware: some debug interfaces are switched off by newer releases.',
    ],
    exposedSecret: SHELLY_EXPOSED_SECRET,
    // Gen1 /settings parameters (Shelly Gen1 API docs, /settings).
    settingFix: ({ address }, { path, peersValue }) => {
      const url = `http://${address}`;
      if (/(^|\.)sntp\.server$/.test(path))
        return `Set the SNTP server back: GET ${url}/settings?sntp_server=${encodeURIComponent(peersValue)}`;
      if (/(^|\.)mqtt\.(enable|server)$/.test(path))
        return `Fix or switch off MQTT: GET ${url}/settings?mqtt_enable=false (or set mqtt_server to your broker)`;
      if (/(^|\.)coiot\.peer$/.test(path))
        return `Clear the CoIoT peer: GET ${url}/settings?coiot_peer= (empty means multicast, as its peers use)`;
      if (/debug/.test(path)) return `Switch debug logging off: GET ${url}/settings?debug_enable=false`;
      return undefined;
    },
  },
  firmware: {
    updatedBy: 'device',
    installers: [shellyGen1Installer],
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
  fixes: SHELLY_GEN1_FIXES,
  control: shellyGen1Control,
  risk: {
    category: shellyCategory,
    ...SHELLY_LOCAL,
    localApi: 'REST over plain HTTP on port 80; login off until the owner sets one',
  },
  updateEndpoints: SHELLY_UPDATE_ENDPOINTS,
  lab: { kindAliases: [], traffic: (settings) => shellyTraffic(1, settings.cloud === true) },
} as const satisfies FamilyDescriptor<'shelly-gen1'>;
