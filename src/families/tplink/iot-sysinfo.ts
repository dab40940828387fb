import { normalizeMac } from '../../net/mac.ts';
import { jsonPreview } from '../../util/bounded-json.ts';
import type { DeviceFacts, Evidence } from '../facts.ts';
import { isObject } from './discovery.ts';

/**
 * Turns what a legacy (iot) device reports into facts: `system.get_sysinfo` (fixtures README lists the fields),
 * the cloud module's `get_info` (`binded`) and `get_intl_fw_list` (the firmware the cloud offers the device).
 * Shared by the XOR adapter and by the KLAP path of IOT.* devices that switched protocol.
 */
export const SYSINFO_REQUEST = { system: { get_sysinfo: {} } };
export const CLOUD_MODULES = ['cnCloud', 'smartlife.iot.common.cloud'] as const;

/** `system.get_sysinfo` of an answer, when it names a model. */
export function sysinfoOf(answer: unknown): Record<string, unknown> | undefined {
  const system = isObject(answer) ? answer.system : undefined;
  const info = isObject(system) ? system.get_sysinfo : undefined;
  return isObject(info) && typeof info.model === 'string' ? info : undefined;
}

/** Model, versions, MAC, id, alias and installed firmware from sysinfo; sysinfo itself becomes `config`. */
export function applySysinfo(facts: DeviceFacts, sysinfo: Record<string, unknown>): void {
  const text = (key: string) =>
    typeof sysinfo[key] === 'string' && sysinfo[key] !== '' ? (sysinfo[key] as string) : undefined;
  setIf(facts, 'model', text('model'));
  setIf(facts, 'productName', text('dev_name') ?? text('description'));
  setIf(facts, 'hwVersion', text('hw_ver'));
  setIf(facts, 'mac', normalizeMac(sysinfo.mac ?? sysinfo.mic_mac));
  setIf(facts, 'deviceId', text('deviceId'));
  setIf(facts, 'name', text('alias'));
  const installed = text('sw_ver');
  if (installed) facts.firmware.installed = installed;
  facts.config = sysinfo;
}

/** The cloud module's answers, whichever of the two module names the device uses; undefined if neither answers. */
export function cloudAnswerOf(
  answer: Record<string, unknown>,
): { module: string; info?: Record<string, unknown>; fwList?: unknown } | undefined {
  for (const module of CLOUD_MODULES) {
    const value = answer[module];
    if (isObject(value) && isObject(value.get_info) && value.get_info.err_code === 0) {
      return {
        module,
        info: value.get_info,
        fwList: isObject(value.get_intl_fw_list) ? value.get_intl_fw_list.fw_list : undefined,
      };
    }
  }
  return undefined;
}

/** Cloud binding (`binded`) and, when the cloud offers another version, the latest firmware. */
export function applyCloud(
  facts: DeviceFacts,
  cloud: { module: string; info?: Record<string, unknown>; fwList?: unknown },
  evidence: Evidence,
): void {
  if (cloud.info && typeof cloud.info.binded === 'number') {
    facts.cloud = { enabled: cloud.info.binded === 1, evidence };
  }
  const offered = Array.isArray(cloud.fwList) ? cloud.fwList.filter(isObject) : [];
  const newest = offered.find((f) => typeof f.fwVer === 'string' && f.fwVer !== facts.firmware.installed);
  if (newest) {
    facts.firmware.latest = newest.fwVer as string;
    facts.firmware.latestSource = 'device';
    facts.firmware.updateEvidence = {
      sent: evidence.sent.replace(/\{.*\}/, `{"${cloud.module}":{"get_intl_fw_list":{}}}`),
      received: jsonPreview({ fwVer: newest.fwVer, fwUrl: newest.fwUrl }, 300),
    };
  }
}

/** The cloud account e-mail is personal data: evidence shows that one is set, not which. */
export function redactCloudInfo(info: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!info) return undefined;
  return { ...info, ...(typeof info.username === 'string' && info.username ? { username: '<redacted>' } : {}) };
}

function setIf<K extends 'model' | 'productName' | 'hwVersion' | 'mac' | 'deviceId' | 'name'>(
  facts: DeviceFacts,
  key: K,
  value: string | undefined,
): void {
  if (value !== undefined) facts[key] = value;
}

/** Evidence for one legacy exchange, trimmed so a sysinfo stays readable. */
export function legacyEvidence(port: number, request: unknown, answer: unknown, maxChars = 300): Evidence {
  return {
    sent: `TCP ${port} ${JSON.stringify(request)} (XOR, no authentication)`,
    received: jsonPreview(answer, maxChars),
  };
}
