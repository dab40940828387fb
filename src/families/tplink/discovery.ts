import {
  createDecipheriv,
  constants as cryptoConstants,
  generateKeyPair,
  generateKeyPairSync,
  privateDecrypt,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { UdpDiscoveryProbe } from '../../net/udp-probes.ts';
import { parseBoundedJson } from '../../util/parse-bounded-json.ts';
import { decodeTdpHeader, encodeTdp, TDP_HEADER_BYTES } from './tdp-header.ts';
import { xorDecrypt, xorEncrypt } from './xor-cipher.ts';

/**
 * UDP discovery of TP-Link devices, as python-kasa `kasa/discover.py` does it: legacy devices answer an XOR'd
 * `{"system":{"get_sysinfo":{}}}` on UDP 9999 (no length prefix); newer Kasa/Tapo devices answer a TDP datagram on
 * UDP 20002 with `{"error_code":0,"result":<discovery_result>}` after the 16-byte header.
 */

/** The standard legacy discovery request (fixtures README, kasa/iot: UDP 9999 carries the XOR'd JSON unprefixed). */
export const KASA_LEGACY_DISCOVERY_REQUEST = '{"system":{"get_sysinfo":{}}}';

/** The UDP 9999 probe payload. */
export function kasaLegacyDiscoveryProbe(): Buffer {
  return xorEncrypt(Buffer.from(KASA_LEGACY_DISCOVERY_REQUEST, 'utf8'));
}

/** The decrypted legacy answer, `{system:{get_sysinfo:{…}}}`, or undefined when it is not one. */
export function parseKasaLegacyDiscovery(datagram: Buffer): Record<string, unknown> | undefined {
  const parsed = parseJsonObject(xorDecrypt(datagram).toString('utf8'));
  const system = parsed?.system;
  if (!isObject(system) || !isObject(system.get_sysinfo)) return undefined;
  return parsed;
}

/** An RSA key pair for the 20002 probe: devices encrypt their private discovery fields (`encrypt_info`) to it. */
export interface KasaDiscoveryKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** A fresh key pair for one scan's 20002 probes. */
export function createKasaDiscoveryKeyPair(): KasaDiscoveryKeyPair {
  // python-kasa uses 2048-bit keys for discovery (`_AesDiscoveryQuery.generate_query`).
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The UDP 20002 probe. With a public key it carries `{"params":{"rsa_key":…}}` (what current python-kasa sends, and
 * what cameras need to return `encrypt_info`); without one it is the bare 16-byte header older tools send.
 */
export function kasaSmartDiscoveryProbe(publicKeyPem?: string, serial = 0): Buffer {
  const payload =
    publicKeyPem === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify({ params: { rsa_key: publicKeyPem } }));
  return encodeTdp(payload, { serial });
}

/**
 * Parses a UDP 20002 answer into `{error_code, result}`. When the answer holds `encrypt_info` and the probe's private
 * key is given, the decrypted JSON is added as `result.decrypted_data` (the name python-kasa's fixtures use).
 */
export function parseKasaSmartDiscovery(datagram: Buffer, privateKeyPem?: string): Record<string, unknown> | undefined {
  if (!decodeTdpHeader(datagram)) return undefined;
  const parsed = parseJsonObject(datagram.subarray(TDP_HEADER_BYTES).toString('utf8'));
  const result = parsed?.result;
  if (!parsed || !isObject(result) || typeof result.device_model !== 'string') return undefined;
  const info = result.encrypt_info;
  if (privateKeyPem && isObject(info) && typeof info.key === 'string' && typeof info.data === 'string' && info.key) {
    const decrypted = decryptDiscoveryInfo(info.key, info.data, privateKeyPem);
    if (decrypted) result.decrypted_data = decrypted;
  }
  return parsed;
}

/** encrypt_info: `key` is RSA-OAEP(SHA-1) of AES key ‖ IV, `data` AES-128-CBC/PKCS#7, both base64 (discover.py). */
function decryptDiscoveryInfo(key: string, data: string, privateKeyPem: string): Record<string, unknown> | undefined {
  try {
    const keyAndIv = privateDecrypt(
      { key: privateKeyPem, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(key, 'base64'),
    );
    const decipher = createDecipheriv('aes-128-cbc', keyAndIv.subarray(0, 16), keyAndIv.subarray(16, 32));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
    return parseJsonObject(plain.toString('utf8'));
  } catch {
    return undefined;
  }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parseBoundedJson(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A plain JSON object (not null, not an array): untrusted device JSON is checked with this. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TP-Link's legacy discovery: the XOR sysinfo query on UDP 9999, answered by every Kasa device on the old protocol. */
export const kasaLegacyUdpProbe: UdpDiscoveryProbe = {
  name: 'kasa',
  port: 9999,
  prepare: async () => ({ payload: kasaLegacyDiscoveryProbe(), decode: parseKasaLegacyDiscovery }),
};

/**
 * TP-Link's TDP discovery on UDP 20002 (newer Kasa and Tapo). The query carries an RSA public key so devices also
 * return their encrypted discovery fields, as python-kasa asks. One key pair per process: making one costs ~100 ms of
 * CPU, made off the event loop because the TCP prober runs at the same time.
 */
export const tplinkSmartUdpProbe: UdpDiscoveryProbe = {
  name: 'tplink-smart',
  port: 20002,
  async prepare() {
    const key = await processKeyPair();
    return {
      payload: kasaSmartDiscoveryProbe(key.publicKeyPem),
      decode: (datagram: Buffer) => parseKasaSmartDiscovery(datagram, key.privateKeyPem),
    };
  },
};

let keyPair: Promise<KasaDiscoveryKeyPair> | undefined;

function processKeyPair(): Promise<KasaDiscoveryKeyPair> {
  keyPair ??= promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  }).then(({ publicKey, privateKey }) => ({ publicKeyPem: publicKey, privateKeyPem: privateKey }));
  return keyPair;
}
