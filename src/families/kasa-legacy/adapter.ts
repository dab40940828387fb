import { jsonPreview } from '../../util/bounded-json.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { kasaLegacyUdpProbe } from '../tplink/discovery.ts';
import {
  applyCloud,
  applySysinfo,
  CLOUD_MODULES,
  cloudAnswerOf,
  legacyEvidence,
  redactCloudInfo,
  SYSINFO_REQUEST,
  sysinfoOf,
} from '../tplink/iot-sysinfo.ts';
import { KASA_LEGACY_PORT, kasaLegacyCall } from './transport.ts';

/**
 * Legacy TP-Link Kasa devices: the XOR "Smart Home Protocol" on TCP/UDP 9999. It has no authentication, so anyone
 * on the LAN can switch the device, rename it, bind it to another cloud account or flash firmware.
 */
interface LegacyIdentityData {
  sysinfo: Record<string, unknown>;
  via: 'udp' | 'tcp';
}

/** Identifies by UDP 9999 discovery or TCP 9999 get_sysinfo; inspects sysinfo and the cloud module. */
export const kasaLegacyAdapter: DeviceAdapter = {
  family: 'kasa-legacy',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    const fromUdp = sysinfoOf(target.udp.answers[kasaLegacyUdpProbe.name]);
    if (fromUdp) {
      return identity(fromUdp, 'udp', {
        sent: `UDP ${KASA_LEGACY_PORT} ${JSON.stringify(SYSINFO_REQUEST)} (XOR discovery)`,
        received: jsonPreview(target.udp.answers[kasaLegacyUdpProbe.name], 300),
      });
    }
    if (!target.openTcpPorts.has(KASA_LEGACY_PORT)) return undefined;
    const port = target.connectPort(KASA_LEGACY_PORT);
    try {
      const answer = await kasaLegacyCall(target.address, port, SYSINFO_REQUEST, context);
      const sysinfo = sysinfoOf(answer);
      return sysinfo ? identity(sysinfo, 'tcp', legacyEvidence(KASA_LEGACY_PORT, SYSINFO_REQUEST, answer)) : undefined;
    } catch (error) {
      context.log.debug({ err: error, address: target.address }, 'kasa legacy identify failed');
      return undefined;
    }
  },

  async inspect(target: ProbeTarget, found: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const { facts } = found;
    const port = target.connectPort(KASA_LEGACY_PORT);
    const request = { ...SYSINFO_REQUEST, cnCloud: { get_info: {}, get_intl_fw_list: {} } };
    let answer: Record<string, unknown>;
    try {
      answer = await kasaLegacyCall(target.address, port, request, context);
    } catch (error) {
      facts.limitations.push(
        `TCP ${KASA_LEGACY_PORT} did not answer (${(error as Error).message}); facts come from the identifying answer only`,
      );
      return facts;
    }
    const sysinfo = sysinfoOf(answer);
    if (sysinfo) {
      applySysinfo(facts, sysinfo);
      facts.auth = { state: 'none', evidence: legacyEvidence(KASA_LEGACY_PORT, SYSINFO_REQUEST, answer.system) };
    } else {
      // A device may leave a module out of a combined answer; identity and the missing login are already proven.
      facts.limitations.push('the combined answer had no system.get_sysinfo: details come from the identifying answer');
    }
    let cloud = cloudAnswerOf(answer);
    let cloudRequest: Record<string, unknown> = { cnCloud: request.cnCloud };
    if (!cloud) {
      // Bulbs answer `cnCloud` with "module not support" and use `smartlife.iot.common.cloud` (python-kasa iotbulb).
      cloudRequest = { [CLOUD_MODULES[1]]: { get_info: {}, get_intl_fw_list: {} } };
      cloud = await kasaLegacyCall(target.address, port, cloudRequest, context)
        .then(cloudAnswerOf)
        .catch(() => undefined);
    }
    if (cloud) {
      const shown = { [cloud.module]: { get_info: redactCloudInfo(cloud.info) } };
      applyCloud(facts, cloud, legacyEvidence(KASA_LEGACY_PORT, cloudRequest, shown));
    } else {
      facts.limitations.push(
        'the device answered neither cnCloud nor smartlife.iot.common.cloud: cloud binding unknown',
      );
    }
    facts.limitations.push('the legacy protocol has no auto-update setting to read');
    return facts;
  },
};

/**
 * The identifying answer is itself the proof of the weakness: an XOR exchange that nobody authenticated. Model,
 * ids and firmware come from its sysinfo.
 */
function identity(sysinfo: Record<string, unknown>, via: 'udp' | 'tcp', evidence: Evidence): Identity {
  const data: LegacyIdentityData = { sysinfo, via };
  const facts = emptyDeviceFacts('kasa-legacy', 'TP-Link');
  facts.protocols = ['kasa-xor'];
  applySysinfo(facts, sysinfo);
  facts.auth = { state: 'none', evidence };
  return { family: 'kasa-legacy', vendor: 'TP-Link', model: sysinfo.model as string, evidence, data, facts };
}
