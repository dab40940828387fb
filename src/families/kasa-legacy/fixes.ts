/**
 * The setting iotwarden changes on a legacy Kasa device: its TP-Link cloud binding (`cnCloud.unbind`, or
 * `smartlife.iot.common.cloud.unbind` on bulbs; softScheck tplink-smartplug command list). The weak protocol itself
 * cannot be fixed locally: only the firmware update to KLAP removes it, and that is a firmware decision.
 */
import { ProtocolError } from '../../errors/index.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import type { ManualFix, SettingFix, SettingReading } from '../setting-fix.ts';
import { isObject } from '../tplink/discovery.ts';
import { CLOUD_MODULES, cloudAnswerOf, legacyEvidence } from '../tplink/iot-sysinfo.ts';
import { KASA_LEGACY_PORT, kasaLegacyCall } from './transport.ts';

function call(device: InstallDevice, context: InstallContext, request: Record<string, unknown>) {
  return kasaLegacyCall(device.address, device.connectPort(KASA_LEGACY_PORT), request, context);
}

async function readBinding(device: InstallDevice, context: InstallContext): Promise<SettingReading> {
  const request = Object.fromEntries(CLOUD_MODULES.map((module) => [module, { get_info: {} }]));
  const cloud = cloudAnswerOf(await call(device, context, request));
  if (!cloud?.info) {
    throw new ProtocolError({ host: device.address, port: KASA_LEGACY_PORT }, 'the device has no cloud module');
  }
  const value = cloud.info.binded === 1 ? 'bound' : 'unbound';
  return { value, evidence: legacyEvidence(KASA_LEGACY_PORT, { [cloud.module]: { get_info: {} } }, { binded: value }) };
}

const kasaUnbindFix: SettingFix = {
  id: 'kasa-legacy.cloud-unbind',
  checkId: 'cloud.enabled',
  plan: (host) =>
    host.device?.cloud?.enabled
      ? {
          setting: 'TP-Link cloud binding',
          before: 'bound',
          after: 'unbound',
          sideEffects: [
            'the Kasa app, Alexa and Google Home can no longer reach it through the cloud; local control (Home Assistant, python-kasa) keeps working',
            'binding it again needs the TP-Link account password, in the Kasa app',
          ],
          undoable: false,
        }
      : undefined,
  read: readBinding,
  async write(device, context) {
    // Both modules are asked: plugs answer cnCloud, bulbs the smartlife one; the other says "module not support".
    const request = Object.fromEntries(CLOUD_MODULES.map((module) => [module, { unbind: {} }]));
    const answer = await call(device, context, request);
    const accepted = CLOUD_MODULES.some((module) => {
      const reply = answer[module];
      return isObject(reply) && isObject(reply.unbind) && reply.unbind.err_code === 0;
    });
    if (!accepted) {
      throw new ProtocolError({ host: device.address, port: KASA_LEGACY_PORT }, 'the device refused unbind');
    }
    return legacyEvidence(KASA_LEGACY_PORT, request, answer);
  },
};

/** The legacy protocol has no local fix: say so, and point to the firmware decision that exists. */
const kasaLegacyProtocolManual: ManualFix = {
  checkId: 'protocol.kasa-legacy-xor',
  steps: (host) => [
    'The legacy protocol (TCP 9999, XOR, no authentication) cannot be switched off or given a password through the device: only a firmware update that moves it to KLAP removes it, and that update also breaks integrations that speak the legacy protocol.',
    `Decide it with the firmware policy (see the update: iotwarden firmware plan); install it with iotwarden firmware apply --now --device ${host.address}; or keep the legacy protocol on purpose with iotwarden firmware hold ${host.address} --reason "<why>".`,
    'Until then keep it on a separate IoT network and block TCP/UDP port 9999 from everything except your hub.',
  ],
};

export const KASA_LEGACY_FIXES = { settings: [kasaUnbindFix], manual: [kasaLegacyProtocolManual] } as const;
