/** Philips Hue bridges: the v1 REST API on port 80 (and 443), CLIP v2 over HTTPS, mDNS `_hue._tcp`. */
import type { FamilyDescriptor, LabTrafficStream } from '../descriptor.ts';
import { FIX_COMMANDS } from '../fix-commands.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice } from '../generic/profile.ts';
import { HTTP_AND_HTTPS } from '../update-endpoints.ts';
import { hueAdapter } from './adapter.ts';
import { hueControl } from './control.ts';
import { HUE_FIXES } from './fixes.ts';
import { hueBridgeInstaller } from './installer.ts';
import { hueScheme } from './version.ts';
import { enableHueAutoInstall } from './writes.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** ws.meethue.com (remote access) and discovery.meethue.com (developers.meethue.com, bridge discovery). */
function hueTraffic(autoUpdate: boolean): LabTrafficStream[] {
  return [
    { domain: 'ws.meethue.com', periodMs: 5 * MINUTE, pattern: 'timer' },
    { domain: 'discovery.meethue.com', periodMs: HOUR, pattern: 'timer' },
    ...(autoUpdate ? [{ domain: 'firmware.meethue.com', periodMs: 12 * HOUR, pattern: 'timer' } as const] : []),
    { domain: 'time.google.com', periodMs: 6 * HOUR, pattern: 'timer' },
  ];
}

export const hue = {
  id: 'hue',
  line: 'hue',
  vendor: 'Signify',
  nouns: { one: 'Hue bridge', many: 'Hue bridges' },
  // Philips Lighting BV / Signify (IEEE MA-L).
  ouis: ['EC:B5:FA', '00:17:88'],
  discovery: {
    tcpPorts: [80, 443],
    mdnsTypes: ['_hue._tcp'],
    udpProbes: [],
    worthAsking: (target) => target.mdns.some((service) => service.type === '_hue._tcp') || target.openTcpPorts.has(80),
  },
  adapter: hueAdapter,
  protocols: {
    'hue-v1': { label: 'the Hue v1 API', port: 80, service: 'http' },
    'hue-clip-v2': { label: 'the Hue CLIP v2 API', port: 443 },
  },
  versionScheme: hueScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: () => [
      'The Hue bridge only hands out application keys after its link button is pressed; remove keys you do not recognise in the Hue app (Settings → Apps).',
    ],
    update: ({ address }) => [
      'Open the Hue app → Settings → Software update and install the bridge update.',
      `Then keep it current automatically: ${FIX_COMMANDS.autoUpdate(address)}.`,
    ],
    cleartext: genericDevice.advice.cleartext,
    cloudOff: genericDevice.advice.cloudOff,
    phoneHome: genericDevice.advice.phoneHome,
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'device',
    installers: [hueBridgeInstaller],
    ownerPath: () => 'install it in the Hue app (Settings → Software update)',
    notOffered:
      'The bridge does not offer it, so iotwarden cannot install it: check its internet access, then update it in the Hue app.',
    notOfferedShort: 'not offered by the bridge: Hue app',
    noLatest: 'reading the bridge update state needs a Hue application key',
    autoUpdateFix: {
      kind: 'device-api',
      enable: async (device, context) => ({
        outcome: 'now installs bridge updates by itself (swupdate2.autoinstall.on = true).',
        evidence: await enableHueAutoInstall(device, context),
      }),
    },
    autoUpdate: {
      kind: 'switch',
      unreadReason: 'needs a Hue application key to read swupdate2.autoinstall',
      steps: ({ address }) => [
        'Open the Hue app → Settings → Software update → Automatic update and turn it on for the bridge and the lights.',
        `iotwarden can do this for you: ${FIX_COMMANDS.autoUpdate(address)}.`,
      ],
    },
  },
  homeAssistant: { integration: 'hue' },
  fixes: HUE_FIXES,
  control: hueControl,
  risk: {
    category: () => 'hub',
    localAuth: 'required',
    localOperation: 'local-only',
    localApi: 'CLIP API over HTTP/HTTPS; an application key only after the link button is pressed',
  },
  updateEndpoints: {
    names: [{ name: 'firmware.meethue.com', suffix: false }],
    ports: HTTP_AND_HTTPS,
    source: 'src/checks/data/domains.json entry meethue.com (ws., discovery., firmware.meethue.com)',
  },
  lab: { kindAliases: ['hue-bridge'], traffic: (settings) => hueTraffic(settings.autoUpdate === true) },
} as const satisfies FamilyDescriptor<'hue'>;
