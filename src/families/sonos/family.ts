/**
 * Sonos players: UPnP on TCP 1400 (device description, SOAP control, GENA events), found by SSDP `ZonePlayer:1`. The
 * local API has no authentication at all; updates come from Sonos through the app.
 */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice, ISOLATE_STEP } from '../generic/profile.ts';
import { NO_FIXES } from '../setting-fix.ts';
import { sonosAdapter } from './adapter.ts';
import { SONOS_PORT } from './transport.ts';
import { sonosScheme } from './version.ts';

const UPDATE_IN_APP = 'install it in the Sonos app (Settings → System → System Updates → Check for Updates)';

export const sonos = {
  id: 'sonos',
  line: 'sonos',
  vendor: 'Sonos',
  nouns: { one: 'Sonos player', many: 'Sonos players' },
  // Sonos, Inc. (IEEE MA-L): the prefix of the duncan3dc captures (fixtures/sonos).
  ouis: ['00:0E:58', '34:7E:5C', '48:A6:B8', '54:2A:1B', '94:9F:3E'],
  discovery: {
    tcpPorts: [SONOS_PORT],
    mdnsTypes: ['_sonos._tcp'],
    udpProbes: [],
    worthAsking: (target) => target.openTcpPorts.has(SONOS_PORT),
  },
  adapter: sonosAdapter,
  protocols: { 'sonos-upnp': { label: 'Sonos UPnP', port: SONOS_PORT, service: 'http' } },
  versionScheme: sonosScheme,
  generation: (device) => {
    const swGen = (device.config as { swGen?: unknown } | undefined)?.swGen;
    return swGen === '1' || swGen === '2' ? Number(swGen) : undefined;
  },
  cloudSettingReadable: false,
  advice: {
    setPassword: () => [
      'Sonos players have no local password: anything on your network can play on them, change the volume and read your household and music services through port 1400.',
      ISOLATE_STEP,
      'Allow TCP 1400 and 1443 to the speakers only from the devices that run the Sonos app or your hub.',
    ],
    update: () => [`Open the Sonos app and ${UPDATE_IN_APP}.`, 'Turn on automatic updates in the same place.'],
    cleartext: () => [
      'Port 1400 is plain HTTP by design and cannot be switched to HTTPS; newer players also answer on 1443 (HTTPS) for the app.',
      ISOLATE_STEP,
    ],
    cloudOff: genericDevice.advice.cloudOff,
    phoneHome: genericDevice.advice.phoneHome,
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [],
    ownerPath: () => UPDATE_IN_APP,
    notOffered: `Sonos installs updates only through its app: ${UPDATE_IN_APP}.`,
    notOfferedShort: 'Sonos app installs it',
    noLatest: 'the player did not say which update it knows of (ZoneGroupTopology CheckForUpdate)',
    autoUpdateFix: {
      kind: 'vendor-app',
      detail: 'has automatic updates, switched in the Sonos app (Settings → System → System Updates).',
    },
    autoUpdate: {
      kind: 'switch',
      unreadReason: 'the Sonos local API does not show the automatic-update setting; check it in the Sonos app',
      steps: () => ['Open the Sonos app → Settings → System → System Updates and turn on "Update Automatically".'],
    },
  },
  homeAssistant: { integration: 'sonos' },
  // No control-state reader: firmware health checks compare reachability and identity only.
  control: undefined,
  risk: {
    category: () => 'speaker',
    localAuth: 'none',
    localOperation: 'after-cloud-setup',
    localApi: 'UPnP/SOAP on TCP 1400, no authentication: anyone on the network can play, pause and change volume',
  },
  // Not allowed by default in a zero-trust policy: no public source names the hosts Sonos players download firmware from.
  updateEndpoints: undefined,
  fixes: NO_FIXES,
  lab: {
    kindAliases: [],
    // No capture records a player's lookups: the lab's stand-ins under Sonos's own domain (domains.json sonos.com).
    traffic: () => [
      { domain: 'update.sonos.com', periodMs: 6 * 60 * 60_000, pattern: 'timer' },
      { domain: 'time.google.com', periodMs: 60 * 60_000, pattern: 'timer' },
    ],
  },
} as const satisfies FamilyDescriptor<'sonos'>;
