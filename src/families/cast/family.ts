/**
 * Google Cast receivers: Chromecast, Google and Nest speakers and displays, TVs with Cast built in. mDNS
 * `_googlecast._tcp`, the setup API on HTTP 8008 (`eureka_info`), the Cast v2 channel on TLS 8009. Google updates them
 * over the air; the owner has no switch and no local install call.
 */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, ISOLATE_STEP } from '../generic/profile.ts';
import { NO_FIXES } from '../setting-fix.ts';
import { castAdapter } from './adapter.ts';
import { CAST_HTTP_PORT, CAST_MDNS_TYPE, CAST_TLS_PORT } from './transport.ts';
import { castScheme } from './version.ts';

const MINUTE = 60_000;
/** Someone watching: lookups only in waking hours, dual-stack (as lab/dns-traffic's `human` streams). */
const human = { pattern: 'human', activeHours: [7, 23], types: ['A', 'AAAA'] } as const;

const GOOGLE_UPDATES =
  'Google installs it over the air by itself; restarting the device in the Google Home app makes it check now';

export const cast = {
  id: 'cast',
  line: 'cast',
  vendor: 'Google',
  nouns: { one: 'Cast device', many: 'Cast devices' },
  // Google, Inc. (IEEE MA-L): A4:77:33 is the Chromecast of fixtures/cast (home-assistant/core #69747).
  ouis: ['F4:F5:D8', 'A4:77:33', '54:60:09', '1C:F2:9A'],
  discovery: {
    tcpPorts: [CAST_HTTP_PORT, CAST_TLS_PORT],
    mdnsTypes: [CAST_MDNS_TYPE],
    udpProbes: [],
    worthAsking: (target) =>
      target.openTcpPorts.has(CAST_HTTP_PORT) || target.mdns.some((s) => s.type.toLowerCase() === CAST_MDNS_TYPE),
  },
  adapter: castAdapter,
  protocols: { cast: { label: 'Google Cast', port: CAST_TLS_PORT, service: 'cast' } },
  versionScheme: castScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: () => [
      'Cast devices have no local password: anything on your network can cast to them and read their setup information (name, Wi-Fi network, location) from port 8008.',
      ISOLATE_STEP,
      'In the Google Home app, turn off "Let others control your cast media" for guests, so only your own accounts can cast.',
    ],
    update: () => [`${GOOGLE_UPDATES}.`],
    cleartext: () => [
      "Port 8008 (the setup API) is plain HTTP by design; newer firmware moves setup to HTTPS on 8443 and requires a token. Nothing to switch: keep the device's firmware current.",
      ISOLATE_STEP,
    ],
    cloudOff: () => [
      "A Cast device cannot be used without Google's cloud: to stop it, unplug it or remove it from the Google Home app (device → Settings → Remove device).",
    ],
    phoneHome: (_host, blockStep) => [
      'Cast devices are built to reach Google continuously; blocking Google domains breaks casting and updates.',
      blockStep,
    ],
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [],
    ownerPath: () =>
      'Google installs Cast updates over the air; restart the device in the Google Home app to make it check',
    notOffered: `A Cast device takes updates only from Google: ${GOOGLE_UPDATES}.`,
    notOfferedShort: 'Google installs it',
    noLatest: 'the device did not say whether Google offers it something newer (eureka_info has_update)',
    autoUpdateFix: { kind: 'none', detail: 'Cast devices always update themselves from Google; there is no switch.' },
    autoUpdate: {
      kind: 'none',
      reason: 'Cast devices always install Google updates by themselves; there is no switch',
    },
  },
  homeAssistant: { integration: 'cast' },
  // No control-state reader: firmware health checks compare reachability and identity only.
  control: undefined,
  risk: {
    // Speakers and displays have microphones; TVs and dongles are general-purpose media computers.
    category: (model) => (/mini|audio|home|hub|speaker|nest/i.test(model ?? '') ? 'speaker' : 'computer'),
    localAuth: 'none',
    localOperation: 'after-cloud-setup',
    localApi: 'setup API on HTTP 8008 (newer firmware wants a token from Google) and Cast v2 over TLS 8009',
  },
  // Not allowed by default in a zero-trust policy: no public source names the hosts Cast devices download firmware from.
  updateEndpoints: undefined,
  fixes: NO_FIXES,
  lab: {
    kindAliases: [],
    // The TV of the seed home: trackers (blocked by gravity), its Google backend and CDN (lab/dns-traffic PROFILES.tv).
    traffic: () => [
      { domain: 'app-measurement.com', periodMs: 10_000, pattern: 'timer', status: 'GRAVITY' },
      { ...human, domain: 'googleads.g.doubleclick.net', periodMs: 4 * MINUTE, status: 'GRAVITY', types: ['A'] },
      { ...human, domain: 'www.google-analytics.com', periodMs: 15 * MINUTE, status: 'GRAVITY', types: ['A'] },
      { domain: 'clients3.google.com', periodMs: 5 * MINUTE, pattern: 'timer' },
      { ...human, domain: 'redirector.gvt1.com', periodMs: 10 * MINUTE, types: ['A'] },
      { ...human, domain: 'rr3---sn-4g5e6nsz.googlevideo.com', periodMs: 2 * MINUTE, activeHours: [18, 23] },
    ],
  },
} as const satisfies FamilyDescriptor<'cast'>;
