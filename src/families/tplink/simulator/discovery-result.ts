import { isObject } from '../discovery.ts';
import { formatMacLike, isMaskedId, unmaskId } from './device-ids.ts';

/**
 * The `discovery_result` a simulated device answers on UDP 20002, made its own: address, MAC and ids replace the
 * capture's masked ones (python-kasa masks `mac`, `device_id`, `owner`, `device_name`), scenario settings override
 * versions. `owner` is the hashed id of the TP-Link account the device is bound to, empty when unbound (KS205 1.1.0
 * capture), so the scenario's `cloud` setting decides it when given.
 */
export interface DiscoveryIdentity {
  address: string;
  mac: string;
  name: string;
  cloud?: boolean | undefined;
  firmware?: string | undefined;
  hwVersion?: string | undefined;
}

/** A copy of `discovery` with this device's address, MAC, ids, name and versions. */
export function personalizeDiscovery(
  discovery: Record<string, unknown>,
  identity: DiscoveryIdentity,
): Record<string, unknown> {
  const answer = structuredClone(discovery);
  const result = isObject(answer.result) ? answer.result : {};
  answer.result = result;
  result.ip = identity.address;
  result.mac = formatMacLike(typeof result.mac === 'string' ? result.mac : '00-00-00-00-00-00', identity.mac);
  result.device_id = unmaskId(result.device_id, identity.mac, 'device_id', 32);
  result.owner = ownerFor(result.owner, identity);
  if ('device_name' in result) result.device_name = identity.name;
  if (identity.firmware !== undefined && 'firmware_version' in result) result.firmware_version = identity.firmware;
  if (identity.hwVersion !== undefined) {
    if ('hardware_version' in result) result.hardware_version = identity.hwVersion;
    else if ('hw_ver' in result) result.hw_ver = identity.hwVersion;
  }
  const secret = result.decrypted_data;
  if (isObject(secret)) {
    secret.device_id = unmaskId(secret.device_id, identity.mac, 'device_id', 40);
    if ('owner' in secret) secret.owner = result.owner;
  }
  return answer;
}

/**
 * What a legacy plug answers on 20002 once it speaks KLAP: shape of python-kasa's HS100(UK) 4.1 / 1.1.0 capture
 * (`IOT.SMARTPLUGSWITCH`, `mgt_encrypt_schm {encrypt_type: KLAP, http_port: 80, is_support_https: false}`).
 */
export function iotKlapDiscovery(
  sysinfo: Record<string, unknown>,
  identity: DiscoveryIdentity,
): Record<string, unknown> {
  const base = {
    error_code: 0,
    result: {
      device_id: '0'.repeat(32),
      device_model: sysinfo.model,
      device_type: sysinfo.mic_type ?? sysinfo.type ?? 'IOT.SMARTPLUGSWITCH',
      factory_default: false,
      hw_ver: sysinfo.hw_ver,
      ip: identity.address,
      mac: '00-00-00-00-00-00',
      mgt_encrypt_schm: { encrypt_type: 'KLAP', http_port: 80, is_support_https: false },
      owner: '0'.repeat(32),
    },
  };
  return personalizeDiscovery(base, identity);
}

function ownerFor(current: unknown, identity: DiscoveryIdentity): string {
  const derived = () => unmaskId('0'.repeat(32), identity.mac, 'owner', 32);
  if (identity.cloud === true) return isMaskedId(current) ? derived() : (current as string);
  if (identity.cloud === false) return '';
  if (current === '' || current === undefined) return '';
  return isMaskedId(current) ? derived() : (current as string);
}
