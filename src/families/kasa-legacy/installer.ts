import { DeviceTimeoutError, ProtocolError } from '../../errors/index.ts';
import type { Evidence } from '../facts.ts';
import type { FirmwareInstaller, InstallContext, InstallDevice, InstallStart, VersionReading } from '../installer.ts';
import { isObject } from '../tplink/discovery.ts';
import { CLOUD_MODULES, legacyEvidence, SYSINFO_REQUEST, sysinfoOf } from '../tplink/iot-sysinfo.ts';
import { KASA_LEGACY_PORT, kasaLegacyCall } from './transport.ts';

/**
 * Legacy Kasa plugs and bulbs (TCP 9999, XOR, no authentication): the cloud module's `get_intl_fw_list` names the
 * image, `system.download_firmware {url}` fetches it, `system.get_download_state` reports progress and
 * `system.flash_firmware` installs it and reboots (softScheck tplink-smartplug command list).
 */

/** How often and how long the download is polled; the image is a few hundred kB. */
const DOWNLOAD_POLL_MS = 1000;
const DOWNLOAD_POLLS = 120;

type Call = (request: Record<string, unknown>) => Promise<Record<string, unknown>>;

function caller(device: InstallDevice, context: InstallContext, evidence: Evidence[]): Call {
  return async (request) => {
    const answer = await kasaLegacyCall(device.address, device.connectPort(KASA_LEGACY_PORT), request, context);
    evidence.push(legacyEvidence(KASA_LEGACY_PORT, request, answer));
    return answer;
  };
}

/** `{"system":{"<method>":{...}}}` → the inner answer, or a ProtocolError when err_code is not 0. */
function systemAnswer(device: InstallDevice, answer: Record<string, unknown>, method: string): Record<string, unknown> {
  const system = isObject(answer.system) ? answer.system : {};
  const result = isObject(system[method]) ? system[method] : undefined;
  if (result?.err_code === 0) return result;
  const why = typeof result?.err_msg === 'string' ? result.err_msg : JSON.stringify(result ?? answer);
  throw new ProtocolError({ host: device.address, port: KASA_LEGACY_PORT }, `system.${method} refused: ${why}`);
}

/** The first firmware the cloud module lists, from whichever of the two module names the device answers. */
async function offeredFirmware(call: Call): Promise<{ url: string; version: string } | undefined> {
  const request = Object.fromEntries(CLOUD_MODULES.map((m) => [m, { get_intl_fw_list: {} }]));
  const answer = await call(request);
  for (const module of CLOUD_MODULES) {
    const list = isObject(answer[module]) ? answer[module].get_intl_fw_list : undefined;
    const entries = isObject(list) && Array.isArray(list.fw_list) ? list.fw_list : [];
    const first = entries.find((e): e is Record<string, unknown> => isObject(e) && typeof e.fwUrl === 'string');
    if (first) return { url: String(first.fwUrl), version: typeof first.fwVer === 'string' ? first.fwVer : '' };
  }
  return undefined;
}

async function start(device: InstallDevice, context: InstallContext): Promise<InstallStart> {
  const evidence: Evidence[] = [];
  const call = caller(device, context, evidence);
  const offered = await offeredFirmware(call);
  if (!offered) return { status: 'nothing-offered', evidence };
  systemAnswer(device, await call({ system: { download_firmware: { url: offered.url } } }), 'download_firmware');
  for (let poll = 0; ; poll++) {
    const state = systemAnswer(device, await call({ system: { get_download_state: {} } }), 'get_download_state');
    // status 2 with ratio 100: the image is on the device and verified (the lab simulator's reconstruction).
    if (state.status === 2 || state.ratio === 100) break;
    if (poll >= DOWNLOAD_POLLS) {
      throw new DeviceTimeoutError(
        { host: device.address, port: KASA_LEGACY_PORT },
        DOWNLOAD_POLL_MS * DOWNLOAD_POLLS,
        'finish downloading the firmware',
      );
    }
    await context.clock.sleep(DOWNLOAD_POLL_MS, context.signal);
  }
  systemAnswer(device, await call({ system: { flash_firmware: {} } }), 'flash_firmware');
  return { status: 'started', ...(offered.version ? { targetVersion: offered.version } : {}), evidence };
}

async function readVersion(device: InstallDevice, context: InstallContext): Promise<VersionReading> {
  const port = device.connectPort(KASA_LEGACY_PORT);
  const answer = await kasaLegacyCall(device.address, port, SYSINFO_REQUEST, context);
  const sysinfo = sysinfoOf(answer);
  const version = typeof sysinfo?.sw_ver === 'string' ? sysinfo.sw_ver : undefined;
  return {
    version,
    busy: false,
    evidence: legacyEvidence(KASA_LEGACY_PORT, SYSINFO_REQUEST, { sw_ver: version ?? null }),
  };
}

export const kasaLegacyInstaller: FirmwareInstaller = {
  name: 'kasa-legacy',
  // After the 2020 HS100(UK) 1.1.0 firmware the plug answers KLAP on 80 and no longer listens on 9999.
  livenessPorts: [KASA_LEGACY_PORT, 80],
  applies: (facts) => facts.protocols.includes('kasa-xor'),
  readVersion,
  start,
};
