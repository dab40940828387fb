import { jsonPreview } from '../../util/bounded-json.ts';
import type { DeviceFacts, Evidence } from '../facts.ts';
import { isObject } from '../tplink/discovery.ts';
import {
  applyCloud,
  applySysinfo,
  cloudAnswerOf,
  legacyEvidence,
  redactCloudInfo,
  SYSINFO_REQUEST,
  sysinfoOf,
} from '../tplink/iot-sysinfo.ts';

/**
 * Reading a device after login. SMART devices answer `{"method":…}` with `{"error_code":0,"result":…}`
 * (python-kasa smartprotocol.py); legacy devices that switched to KLAP (IOT.*) keep the legacy JSON inside it.
 */
export type JsonRequester = (request: Record<string, unknown>) => Promise<unknown>;

const SMART_READS = ['get_device_info', 'get_latest_fw', 'get_auto_update_info', 'get_connect_cloud_state'] as const;

/** Firmware (installed, latest), auto-update, cloud and hardware from the SMART read methods. */
export async function readSmart(facts: DeviceFacts, request: JsonRequester, via: string): Promise<void> {
  const results: Partial<Record<(typeof SMART_READS)[number], Record<string, unknown>>> = {};
  const evidence = (method: string, result: unknown): Evidence => ({
    sent: `${via} {"method":"${method}"}`,
    received: jsonPreview(result, 300),
  });
  for (const method of SMART_READS) {
    const answer = await request({ method });
    if (isObject(answer) && answer.error_code === 0 && isObject(answer.result)) results[method] = answer.result;
    else facts.limitations.push(`${method} failed (${JSON.stringify(isObject(answer) ? answer.error_code : answer)})`);
  }
  const info = results.get_device_info;
  if (info) {
    if (typeof info.fw_ver === 'string') facts.firmware.installed = info.fw_ver;
    if (typeof info.hw_ver === 'string') facts.hwVersion = info.hw_ver;
    if (typeof info.nickname === 'string' && info.nickname) {
      facts.name = Buffer.from(info.nickname, 'base64').toString('utf8');
    }
    facts.config = info;
  }
  const latest = results.get_latest_fw;
  if (latest && typeof latest.fw_ver === 'string') {
    facts.firmware.latest =
      latest.need_to_upgrade === true ? latest.fw_ver : (facts.firmware.installed ?? latest.fw_ver);
    facts.firmware.latestSource = 'device';
    facts.firmware.updateEvidence = evidence('get_latest_fw', latest);
  }
  const auto = results.get_auto_update_info;
  if (auto && typeof auto.enable === 'boolean') {
    facts.firmware.autoUpdate = auto.enable;
    facts.firmware.autoUpdateEvidence = evidence('get_auto_update_info', auto);
  }
  const cloud = results.get_connect_cloud_state;
  // python-kasa smart/modules/cloud.py: connected when status == 0.
  if (cloud && typeof cloud.status === 'number') {
    facts.cloud = { enabled: cloud.status === 0, evidence: evidence('get_connect_cloud_state', cloud) };
  }
}

/** The legacy sysinfo and cloud reads, through a KLAP session of an IOT.* device. */
export async function readIotOverKlap(facts: DeviceFacts, request: JsonRequester, via: string): Promise<void> {
  const query = { ...SYSINFO_REQUEST, cnCloud: { get_info: {}, get_intl_fw_list: {} } };
  const answer = await request(query);
  const sysinfo = sysinfoOf(answer);
  if (!sysinfo || !isObject(answer)) {
    facts.limitations.push('the KLAP session did not return get_sysinfo');
    return;
  }
  applySysinfo(facts, sysinfo);
  const cloud = cloudAnswerOf(answer);
  if (cloud) {
    const shown = { [cloud.module]: { get_info: redactCloudInfo(cloud.info) } };
    const evidence = legacyEvidence(80, { cnCloud: query.cnCloud }, shown);
    applyCloud(facts, cloud, { ...evidence, sent: `${via} ${JSON.stringify({ cnCloud: query.cnCloud })}` });
  }
}
