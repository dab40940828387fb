import { createCipheriv, constants as cryptoConstants, publicEncrypt, randomBytes } from 'node:crypto';
import { isObject } from '../../tplink/discovery.ts';
import { decodeTdpHeader, encodeTdp, TDP_HEADER_BYTES } from '../../tplink/tdp-header.ts';

/**
 * The UDP 20002 answer of a newer Kasa/Tapo device: a TDP header echoing the probe's serial, then the
 * `discovery_result` JSON. When the probe carried an RSA key (`{"params":{"rsa_key":…}}`) and the device has private
 * fields (cameras: `encrypt_info` + what python-kasa stores as `decrypted_data`), those are encrypted to that key:
 * `key` = RSA-OAEP(SHA-1) of a fresh AES key ‖ IV, `data` = AES-128-CBC of the JSON (python-kasa `discover.py`).
 * Returns undefined for datagrams that are not TDP probes, which the device ignores.
 */
export function smartDiscoveryAnswer(discovery: Record<string, unknown>, probe: Buffer): Buffer | undefined {
  const header = decodeTdpHeader(probe);
  if (!header) return undefined;
  const answer = structuredClone(discovery);
  const result = isObject(answer.result) ? answer.result : undefined;
  if (!result) return undefined;
  const secret = result.decrypted_data;
  delete result.decrypted_data;
  const info = result.encrypt_info;
  if (isObject(info)) {
    const rsaKey = probeRsaKey(probe.subarray(TDP_HEADER_BYTES));
    const encrypted = rsaKey && isObject(secret) ? encryptInfo(rsaKey, secret) : undefined;
    info.key = encrypted?.key ?? '';
    info.data = encrypted?.data ?? '';
  }
  return encodeTdp(Buffer.from(JSON.stringify(answer), 'utf8'), { serial: header.serial, messageType: 0 });
}

function probeRsaKey(payload: Buffer): string | undefined {
  if (payload.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(payload.toString('utf8'));
    const params = isObject(parsed) ? parsed.params : undefined;
    return isObject(params) && typeof params.rsa_key === 'string' ? params.rsa_key : undefined;
  } catch {
    return undefined;
  }
}

function encryptInfo(rsaKeyPem: string, secret: Record<string, unknown>): { key: string; data: string } | undefined {
  try {
    const keyAndIv = randomBytes(32);
    const key = publicEncrypt(
      { key: rsaKeyPem, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      keyAndIv,
    );
    const cipher = createCipheriv('aes-128-cbc', keyAndIv.subarray(0, 16), keyAndIv.subarray(16, 32));
    const data = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
    return { key: key.toString('base64'), data: data.toString('base64') };
  } catch {
    // A malformed key in the probe: the device answers without the private part.
    return undefined;
  }
}
