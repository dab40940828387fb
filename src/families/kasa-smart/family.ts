/**
 * TP-Link Kasa and Tapo on the newer protocols: TDP discovery on UDP 20002, then KLAP or AES over HTTP, both needing
 * the owner's TP-Link account. Also a legacy-model plug after the firmware that closed port 9999 (KLAP on port 80).
 */
import type { FamilyDescriptor } from '../descriptor.ts';
import { GENERIC_DEBUG_STEPS, GENERIC_EXPOSED_SECRET, genericDevice } from '../generic/profile.ts';
import { NO_FIXES } from '../setting-fix.ts';
import {
  TPLINK_NO_LATEST,
  TPLINK_NOT_OFFERED,
  tplinkCloudOffSteps,
  tplinkPhoneHomeSteps,
  tplinkSetPasswordSteps,
  tplinkUpdateSteps,
} from '../tplink/advice.ts';
import { tplinkSmartUdpProbe } from '../tplink/discovery.ts';
import { tplinkCategory } from '../tplink/risk.ts';
import { TPLINK_UPDATE_ENDPOINTS, tplinkTraffic } from '../tplink/traffic.ts';
import { kasaScheme } from '../tplink/version.ts';
import { kasaSmartAdapter } from './adapter.ts';
import { kasaSmartControl } from './control.ts';
export const kasaSmart = {
  id: 'kasa-smart',
  line: 'kasa',
  vendor: 'TP-Link',
  nouns: { one: 'Kasa device', many: 'Kasa devices' },
  // TP-LINK TECHNOLOGIES CO.,LTD. (IEEE MA-L).
  ouis: ['5C:62:8B', '3C:52:A1', '54:AF:97', '78:8C:B5'],
  discovery: {
    tcpPorts: [80, 443],
    mdnsTypes: [],
    udpProbes: [tplinkSmartUdpProbe],
    worthAsking: (target) => target.udp.answers[tplinkSmartUdpProbe.name] !== undefined,
  },
  adapter: kasaSmartAdapter,
  protocols: {
    klap: { label: 'KLAP', port: 80, service: 'http' },
    aes: { label: 'TP-Link AES', port: 80, service: 'http' },
    tpap: { label: 'TP-Link TPAP', port: 80, service: 'http' },
  },
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
    installers: [],
    ownerPath: (device) =>
      device.protocols.includes('aes')
        ? 'install it in the Tapo app (Device settings → Firmware update)'
        : 'install it in the Kasa or Tapo app (Device settings → Firmware update); the local KLAP API has no documented install call',
    notOffered: TPLINK_NOT_OFFERED,
    notOfferedShort: 'not offered by the plug: Kasa app',
    noLatest: TPLINK_NO_LATEST,
    autoUpdateFix: {
      kind: 'vendor-app',
      detail:
        'has an automatic-update switch, but only its account-protected API reaches it: turn on Auto Update in the Tapo or Kasa app (device settings → Firmware Update).',
    },
    autoUpdate: {
      kind: 'switch',
      unreadReason: "reading the automatic-update setting needs the owner's TP-Link credentials",
      steps: () => ['Open the Kasa or Tapo app → the device → Settings → Firmware Update and turn on "Auto Update".'],
    },
  },
  homeAssistant: { integration: 'tplink' },
  fixes: NO_FIXES,
  control: kasaSmartControl,
  risk: {
    category: tplinkCategory,
    localAuth: 'required',
    localOperation: 'after-cloud-setup',
    localApi: 'KLAP or AES over HTTP on port 80, authenticated with the TP-Link account',
  },
  // Tapo devices are bound to the owner's TP-Link account during setup, so they always reach the cloud.
  updateEndpoints: TPLINK_UPDATE_ENDPOINTS,
  lab: { kindAliases: [], traffic: () => tplinkTraffic(true) },
} as const satisfies FamilyDescriptor<'kasa-smart'>;
