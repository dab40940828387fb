import { ProtocolError } from '../../errors/index.ts';
import type { ControlCapability } from '../descriptor.ts';
import { legacyChannels } from '../tplink/iot-channels.ts';
import { legacyEvidence, SYSINFO_REQUEST, sysinfoOf } from '../tplink/iot-sysinfo.ts';
import { KASA_LEGACY_PORT, kasaLegacyCall } from './transport.ts';

/**
 * Legacy Kasa control state: one `system.get_sysinfo` over TCP 9999 (the protocol has no authentication, so no
 * credential is involved); nothing is switched.
 */
export const kasaLegacyControl: ControlCapability = {
  async read(device, context) {
    const port = device.connectPort(KASA_LEGACY_PORT);
    const answer = await kasaLegacyCall(device.address, port, SYSINFO_REQUEST, context);
    const sysinfo = sysinfoOf(answer);
    if (!sysinfo) throw new ProtocolError({ host: device.address, port }, 'get_sysinfo answered without a model');
    const channels = legacyChannels(sysinfo);
    if (channels.length === 0) return undefined;
    return { channels, evidence: legacyEvidence(KASA_LEGACY_PORT, SYSINFO_REQUEST, { channels }) };
  },
};
