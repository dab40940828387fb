/**
 * Matter, the CSA's smart-home standard: nodes announce themselves over DNS-SD (`_matterc._udp` while commissionable,
 * `_matter._tcp` once in a fabric) and speak only inside PASE/CASE sessions on UDP 5540. Many makers: the VID names
 * the maker where iotwarden ships its name (vendors.json), else the family says "Matter".
 */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice, ISOLATE_STEP } from '../generic/profile.ts';
import { NO_FIXES } from '../setting-fix.ts';
import { semverScheme } from '../version-scheme.ts';
import { matterAdapter } from './adapter.ts';
import { matterAccessSteps } from './advice.ts';
import { announcesMatter, COMMISSIONABLE_TYPE, MATTER_PORT, OPERATIONAL_TYPE } from './transport.ts';

const OWNER_PATH = "install it from your Matter controller app (device settings → firmware) or the maker's own app";

export const matter = {
  id: 'matter',
  line: 'matter',
  vendor: 'Matter',
  nouns: { one: 'Matter device', many: 'Matter devices' },
  // Espressif Inc.: the most common Wi-Fi Matter chip (the lab's default); Thread nodes have no MAC on the LAN.
  ouis: ['34:85:18'],
  discovery: {
    // Matter 1.3 nodes may also accept TCP on 5540 (`T` key, bit 2); UDP 5540 is always there but cannot be probed.
    tcpPorts: [MATTER_PORT],
    mdnsTypes: [COMMISSIONABLE_TYPE, OPERATIONAL_TYPE],
    udpProbes: [],
    worthAsking: (target) => announcesMatter(target.mdns),
  },
  adapter: matterAdapter,
  protocols: { matter: { label: 'Matter', port: MATTER_PORT, service: 'matter' } },
  versionScheme: semverScheme,
  generation: () => undefined,
  cloudSettingReadable: false,
  advice: {
    setPassword: () => matterAccessSteps(),
    update: () => [
      "Open the device in your Matter controller app or the maker's app and install the offered firmware update.",
      'Matter updates come from the maker through the CSA ledger (DCL); a controller with an OTA provider installs them.',
    ],
    cleartext: () => ['Matter traffic is always encrypted (PASE/CASE sessions): nothing to change.', ISOLATE_STEP],
    cloudOff: genericDevice.advice.cloudOff,
    phoneHome: genericDevice.advice.phoneHome,
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [],
    ownerPath: () => OWNER_PATH,
    notOffered: `A Matter device takes updates only from a controller in its fabric: ${OWNER_PATH}.`,
    notOfferedShort: 'controller app installs it',
    noLatest: 'a Matter device tells its firmware and offered updates only inside its fabric (CASE)',
    autoUpdateFix: {
      kind: 'vendor-app',
      detail:
        "automatic updates are a setting of the controller that provides OTA images (Apple Home, Google Home, Home Assistant's Matter server), not of the device.",
    },
    autoUpdate: {
      kind: 'none',
      reason: "a Matter device's automatic updates are decided by its controller's OTA provider, not by the device",
    },
  },
  homeAssistant: { integration: 'matter' },
  // A Matter node talks to its controller on the LAN; Thread nodes have no DNS of their own.
  // No control-state reader: firmware health checks compare reachability and identity only.
  control: undefined,
  risk: {
    // The model names a product ('Eve Energy'), not a kind; the words below cover the common Matter device types,
    // and a plug is what most Matter devices in homes today are.
    category: (model) =>
      /light|bulb|lamp|strip/i.test(model ?? '')
        ? 'light'
        : /lock/i.test(model ?? '')
          ? 'lock'
          : /sensor|motion|contact|door|window|thermo|weather|air/i.test(model ?? '')
            ? 'sensor'
            : 'plug',
    localAuth: 'required',
    localOperation: 'local-only',
    localApi: "Matter over UDP 5540: CASE sessions with the fabric's certificates; commissioning needs the setup code",
  },
  // Not allowed by default in a zero-trust policy: Matter updates come through the controller's OTA provider on the fabric, not a fixed vendor host.
  updateEndpoints: undefined,
  fixes: NO_FIXES,
  lab: { kindAliases: [], traffic: () => [] },
} as const satisfies FamilyDescriptor<'matter'>;
