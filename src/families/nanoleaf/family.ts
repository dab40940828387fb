/** Nanoleaf panels: the OpenAPI over plain HTTP on 16021, mDNS `_nanoleafapi._tcp`, SSDP `nanoleaf:nlXX`. */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice, ISOLATE_STEP } from '../generic/profile.ts';
import { NO_FIXES } from '../setting-fix.ts';
import { semverScheme } from '../version-scheme.ts';
import { NANOLEAF_MDNS_TYPES, nanoleafAdapter, nanoleafHint } from './adapter.ts';
import { NANOLEAF_PORT } from './transport.ts';

const APP_UPDATE_STEP =
  'Open the Nanoleaf app, choose the panels, then Settings → Firmware Update (or Device Info → Check for update) and install what it offers.';

export const nanoleaf = {
  id: 'nanoleaf',
  line: 'nanoleaf',
  vendor: 'Nanoleaf',
  nouns: { one: 'Nanoleaf controller', many: 'Nanoleaf controllers' },
  // Nanoleaf's IEEE MA-L (and MA-S 00:55:DA:5).
  ouis: ['80:8A:F7'],
  discovery: {
    tcpPorts: [NANOLEAF_PORT],
    mdnsTypes: NANOLEAF_MDNS_TYPES,
    udpProbes: [],
    worthAsking: (target) => target.openTcpPorts.has(NANOLEAF_PORT) && nanoleafHint(target) !== undefined,
  },
  adapter: nanoleafAdapter,
  protocols: { 'nanoleaf-http': { label: 'the Nanoleaf OpenAPI (HTTP)', port: NANOLEAF_PORT, service: 'http' } },
  versionScheme: semverScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: ({ address }) => [
      `The Nanoleaf API needs a token, handed out only while the pairing window is open (hold the power button 5-7 s). Do not leave the controller at ${address} in pairing mode: finish pairing your app or hub, and the window closes after about 30 seconds.`,
      'If a token you did not create may exist, reset the controller and pair again only the apps you use.',
      ISOLATE_STEP,
    ],
    update: () => [APP_UPDATE_STEP],
    cleartext: () => [
      'The Nanoleaf OpenAPI (port 16021) has no HTTPS: its token and commands cross the network readable. Keep the panels on a separate IoT network that only your hub reaches.',
      ISOLATE_STEP,
    ],
    cloudOff: () => [
      'Nanoleaf has no cloud switch on the controller: sign out of the Nanoleaf account in the app for these panels, or block their internet access at the router (the local API keeps working).',
    ],
    phoneHome: genericDevice.advice.phoneHome,
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [],
    ownerPath: () => 'install it in the Nanoleaf app (Settings → Firmware Update)',
    notOffered: 'Nanoleaf controllers are updated from the Nanoleaf app; iotwarden does not install their firmware.',
    notOfferedShort: 'not offered by the panels: Nanoleaf app',
    noLatest: 'Nanoleaf controllers do not report newer firmware over the local API without the app',
    autoUpdateFix: {
      kind: 'vendor-app',
      detail: 'Nanoleaf offers automatic updates in its app (Settings → Firmware Update), not over the local API.',
    },
    autoUpdate: {
      kind: 'none',
      reason: 'the Nanoleaf local API does not show whether automatic updates are on',
    },
  },
  homeAssistant: { integration: 'nanoleaf' },
  // No control-state reader yet: firmware health checks compare reachability and identity only.
  fixes: NO_FIXES,
  control: undefined,
  risk: {
    category: () => 'light',
    localAuth: 'required',
    localOperation: 'after-cloud-setup',
    localApi: 'OpenAPI over plain HTTP on 16021; a token from the pairing window',
  },
  // Not allowed by default in a zero-trust policy: no public source names the hosts Nanoleaf controllers download firmware from.
  updateEndpoints: undefined,
  lab: {
    kindAliases: [],
    traffic: () => [{ domain: 'pool.ntp.org', periodMs: 60 * 60_000, pattern: 'timer' }],
  },
} as const satisfies FamilyDescriptor<'nanoleaf'>;
