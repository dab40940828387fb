import { normalizeMac } from '../../net/mac.ts';
import type { DeviceFacts, ProtocolTag } from '../facts.ts';
import { isObject } from '../tplink/discovery.ts';

/**
 * What the UDP 20002 `discovery_result` tells without credentials (fixtures README, kasa/smart and smartcam):
 * model, type, MAC, device id, transport; cameras add `firmware_version`, `hardware_version` and `device_name`.
 */
export type DiscoveryResult = Record<string, unknown>;

/** The `result` of a parsed 20002 answer (`{error_code, result}`), when it names a model. */
export function discoveryResultOf(answer: unknown): DiscoveryResult | undefined {
  const result = isObject(answer) ? answer.result : undefined;
  return isObject(result) && typeof result.device_model === 'string' ? result : undefined;
}

/**
 * The transport: `mgt_encrypt_schm.encrypt_type` (KLAP or AES); cameras leave it out and name the scheme in
 * `encrypt_info.sym_schm`, their `encrypt_type: ["3"]` being a login version (python-kasa discover.py
 * `_get_connection_parameters`).
 */
export function encryptionOf(result: DiscoveryResult): 'KLAP' | 'AES' | undefined {
  const scheme = isObject(result.mgt_encrypt_schm) ? result.mgt_encrypt_schm : {};
  const named = typeof scheme.encrypt_type === 'string' ? scheme.encrypt_type.toUpperCase() : undefined;
  const fallback = isObject(result.encrypt_info) ? result.encrypt_info.sym_schm : undefined;
  const value = named ?? (typeof fallback === 'string' ? fallback.toUpperCase() : undefined);
  return value === 'KLAP' || value === 'AES' ? value : undefined;
}

/** Cameras (and the H200 hub) speak the smartcam protocol over HTTPS instead of HTTP 80. */
export function isSmartCam(result: DiscoveryResult): boolean {
  const scheme = isObject(result.mgt_encrypt_schm) ? result.mgt_encrypt_schm : {};
  return scheme.encrypt_type === undefined && isObject(result.encrypt_info);
}

/** The real port of the management API (before any lab shift). */
export function managementPort(result: DiscoveryResult): number {
  const scheme = isObject(result.mgt_encrypt_schm) ? result.mgt_encrypt_schm : {};
  const secret = isObject(result.decrypted_data) ? result.decrypted_data : {};
  const port = Number(scheme.http_port ?? secret.http_port ?? (isSmartCam(result) ? 443 : 80));
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 80;
}

/** login_version of AES devices: `mgt_encrypt_schm.lv`, else 1. */
export function loginVersionOf(result: DiscoveryResult): number {
  const scheme = isObject(result.mgt_encrypt_schm) ? result.mgt_encrypt_schm : {};
  return scheme.lv === 2 ? 2 : 1;
}

/** Every fact discovery gives without credentials. */
export function applyDiscovery(facts: DeviceFacts, result: DiscoveryResult): void {
  const text = (key: string) =>
    typeof result[key] === 'string' && result[key] !== '' ? (result[key] as string) : undefined;
  const model = text('device_model');
  if (model) facts.model = model;
  const hw = text('hw_ver') ?? text('hardware_version');
  if (hw) facts.hwVersion = hw;
  const mac = normalizeMac(result.mac);
  if (mac) facts.mac = mac;
  const id = text('device_id');
  if (id) facts.deviceId = id;
  const name = text('device_name');
  if (name) facts.name = name;
  const firmware = text('firmware_version');
  if (firmware) facts.firmware.installed = firmware;
  const protocols: ProtocolTag[] = [];
  const encryption = encryptionOf(result);
  if (encryption) protocols.push(encryption === 'KLAP' ? 'klap' : 'aes');
  if (isSmartCam(result) || (isObject(result.mgt_encrypt_schm) && result.mgt_encrypt_schm.is_support_https === true)) {
    protocols.push('https');
  }
  facts.protocols = protocols;
}
