/** LIFX Wi-Fi bulbs: the LAN protocol on UDP 56700 (lan.developer.lifx.com), no authentication, no local update. */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, genericDevice, ISOLATE_STEP } from '../generic/profile.ts';
import { NO_FIXES } from '../setting-fix.ts';
import { semverScheme } from '../version-scheme.ts';
import { lifxAdapter } from './adapter.ts';
import { lifxUdpProbe } from './transport.ts';
import { LIFX_PORT } from './wire.ts';

const BLOCK_STEP = `On your router or firewall, allow UDP port ${LIFX_PORT} to the bulbs only from your smart-home hub (Home Assistant, HomeKit hub), not from every device on the network.`;
const APP_UPDATE_STEP =
  'Open the LIFX app, tap the bulb, then Settings (the cog) → Firmware: the app offers and installs newer firmware over the internet. Update every bulb; each is updated on its own.';

export const lifx = {
  id: 'lifx',
  line: 'lifx',
  vendor: 'LIFX',
  nouns: { one: 'LIFX bulb', many: 'LIFX bulbs' },
  // LIFX's IEEE MA-L, also what Home Assistant's LIFX integration matches DHCP on (D073D5*).
  ouis: ['D0:73:D5'],
  discovery: {
    tcpPorts: [],
    mdnsTypes: [],
    udpProbes: [lifxUdpProbe],
    worthAsking: (target) => target.udp.answers.lifx !== undefined,
  },
  adapter: lifxAdapter,
  protocols: { 'lifx-lan': { label: 'the LIFX LAN protocol (UDP)', port: LIFX_PORT, service: 'lifx' } },
  versionScheme: semverScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: () => [
      'LIFX bulbs cannot be given a password: the LAN protocol has no authentication, so anything on the network can switch them, change their colour and rename them.',
      ISOLATE_STEP,
      BLOCK_STEP,
    ],
    update: () => [APP_UPDATE_STEP],
    cleartext: () => [
      'The LIFX LAN protocol is unencrypted and cannot be switched off; keep the bulbs where only your smart-home hub can reach them.',
      ISOLATE_STEP,
    ],
    cloudOff: () => [
      'LIFX has no switch for its cloud on the bulb: remove the bulb from your LIFX account in the app if you control it only locally, or block its internet access at the router (local control keeps working).',
    ],
    phoneHome: genericDevice.advice.phoneHome,
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret:
      'LIFX bulbs on firmware before 1.3 passed your Wi-Fi password to each other over their 6LoWPAN mesh, encrypted with a key shared by every bulb (Context Information Security, 2014): update the bulb, then change your Wi-Fi password.',
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [],
    ownerPath: () => 'install it in the LIFX app (bulb → Settings → Firmware)',
    notOffered: 'LIFX bulbs are updated from the LIFX app; the LAN protocol has no firmware command.',
    notOfferedShort: 'not offered by the bulb: LIFX app',
    noLatest: 'LIFX bulbs do not report newer firmware; only the LIFX app knows it',
    autoUpdateFix: {
      kind: 'vendor-app',
      detail:
        'LIFX bulbs have no automatic-update switch of their own: the LIFX app offers each update (bulb → Settings → Firmware).',
    },
    autoUpdate: {
      kind: 'none',
      reason: 'LIFX bulbs have no local automatic-update setting; updates are offered by the LIFX app',
    },
  },
  homeAssistant: { integration: 'lifx' },
  // No control-state reader yet: firmware health checks compare reachability and identity only.
  fixes: NO_FIXES,
  control: undefined,
  risk: {
    category: () => 'light',
    localAuth: 'none',
    localOperation: 'after-cloud-setup',
    localApi: 'LIFX LAN protocol on UDP 56700, no authentication',
  },
  // Not allowed by default in a zero-trust policy: LIFX bulbs are updated by the LIFX app over the LAN protocol; the bulb itself fetches nothing.
  updateEndpoints: undefined,
  lab: {
    kindAliases: [],
    traffic: () => [{ domain: 'pool.ntp.org', periodMs: 60 * 60_000, pattern: 'timer' }],
  },
} as const satisfies FamilyDescriptor<'lifx'>;
