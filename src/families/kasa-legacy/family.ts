import { TPLINK_UPDATE_ENDPOINTS } from '../tplink/traffic.ts';
/** TP-Link Kasa on the legacy Smart Home Protocol: XOR "encrypted" JSON on TCP and UDP 9999, no authentication. */

import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice } from '../generic/profile.ts';
import {
  TPLINK_NO_LATEST,
  TPLINK_NOT_OFFERED,
  tplinkCloudOffSteps,
  tplinkPhoneHomeSteps,
  tplinkSetPasswordSteps,
  tplinkUpdateSteps,
} from '../tplink/advice.ts';
import { kasaLegacyUdpProbe } from '../tplink/discovery.ts';
import { tplinkCategory } from '../tplink/risk.ts';
import { tplinkTraffic } from '../tplink/traffic.ts';
import { kasaScheme } from '../tplink/version.ts';
import { kasaLegacyAdapter } from './adapter.ts';
import { kasaLegacyControl } from './control.ts';
import { KASA_LEGACY_FIXES } from './fixes.ts';
import { kasaLegacyInstaller } from './installer.ts';
export const kasaLegacy = {
  id: 'kasa-legacy',
  line: 'kasa',
  vendor: 'TP-Link',
  nouns: { one: 'Kasa device', many: 'Kasa devices' },
  // TP-LINK TECHNOLOGIES CO.,LTD. (IEEE MA-L).
  ouis: ['50:C7:BF', '1C:3B:F3', '98:DA:C4', 'B0:BE:76'],
  discovery: {
    tcpPorts: [9999],
    mdnsTypes: [],
    udpProbes: [kasaLegacyUdpProbe],
    worthAsking: (target) => target.udp.answers[kasaLegacyUdpProbe.name] !== undefined || target.openTcpPorts.has(9999),
  },
  adapter: kasaLegacyAdapter,
  protocols: { 'kasa-xor': { label: 'the legacy Kasa protocol', port: 9999, service: 'kasa' } },
  versionScheme: kasaScheme,
  generation: () => undefined,
  cloudSettingReadable: true,
  advice: {
    setPassword: tplinkSetPasswordSteps,
    update: tplinkUpdateSteps,
    cleartext: genericDevice.advice.cleartext,
    cloudOff: tplinkCloudOffSteps,
    phoneHome: (_host, blockStep) => tplinkPhoneHomeSteps(blockStep),
    debugOff: () => GENERIC_DEBUG_STEPS,
    exposedSecret: GENERIC_EXPOSED_SECRET,
    settingFix: () => undefined,
  },
  firmware: {
    updatedBy: 'vendor-app',
    installers: [kasaLegacyInstaller],
    ownerPath: () => 'install it in the Kasa app (Device settings → Firmware update)',
    notOffered: TPLINK_NOT_OFFERED,
    notOfferedShort: 'not offered by the plug: Kasa app',
    noLatest: TPLINK_NO_LATEST,
    autoUpdateFix: {
      kind: 'none',
      detail:
        'legacy Kasa plugs have no automatic-update switch: keep the firmware policy on auto (iotwarden installs offered updates in the maintenance window) or update from the Kasa app.',
    },
    autoUpdate: { kind: 'none', reason: 'legacy Kasa firmware has no local automatic-update setting' },
  },
  homeAssistant: { integration: 'tplink' },
  control: kasaLegacyControl,
  risk: {
    category: tplinkCategory,
    localAuth: 'none',
    localOperation: 'after-cloud-setup',
    localApi: 'Smart Home Protocol on TCP 9999, XOR-obfuscated, no authentication',
  },
  updateEndpoints: TPLINK_UPDATE_ENDPOINTS,
  fixes: KASA_LEGACY_FIXES,
  lab: { kindAliases: ['kasa-iot'], traffic: (settings) => tplinkTraffic(settings.cloud === true) },
} as const satisfies FamilyDescriptor<'kasa-legacy'>;
