import { describe, expect, it } from 'vitest';
import {
  createKasaDiscoveryKeyPair,
  kasaLegacyDiscoveryProbe,
  kasaSmartDiscoveryProbe,
  parseKasaLegacyDiscovery,
  parseKasaSmartDiscovery,
} from './discovery.ts';
import { decodeTdpHeader, encodeTdp, tdpCrcValid } from './tdp-header.ts';
import { xorDecrypt, xorEncrypt } from './xor-cipher.ts';

describe('kasa discovery datagrams', () => {
  it('legacy probe is the XOR of the get_sysinfo request without a length prefix', () => {
    expect(xorDecrypt(kasaLegacyDiscoveryProbe()).toString()).toBe('{"system":{"get_sysinfo":{}}}');
  });

  it('legacy parser accepts a sysinfo answer and rejects anything else', () => {
    const answer = xorEncrypt(Buffer.from('{"system":{"get_sysinfo":{"model":"HS110(EU)"}}}'));
    expect(parseKasaLegacyDiscovery(answer)).toEqual({ system: { get_sysinfo: { model: 'HS110(EU)' } } });
    expect(parseKasaLegacyDiscovery(xorEncrypt(Buffer.from('{"system":{}}')))).toBeUndefined();
    expect(parseKasaLegacyDiscovery(Buffer.from('not xor json'))).toBeUndefined();
  });

  it('bare 20002 probe equals the known 16-byte query with its CRC (python-kasa DISCOVERY_QUERY_2)', () => {
    expect(kasaSmartDiscoveryProbe().toString('hex')).toBe('020000010000000000000000463cb5d3');
  });

  it('keyed 20002 probe carries the RSA key, a payload size and a valid CRC', () => {
    const { publicKeyPem } = createKasaDiscoveryKeyPair();
    const probe = kasaSmartDiscoveryProbe(publicKeyPem, 0x01020304);
    const header = decodeTdpHeader(probe);
    expect(header).toMatchObject({ version: 2, opCode: 1, payloadBytes: probe.length - 16, serial: 0x01020304 });
    expect(tdpCrcValid(probe)).toBe(true);
    expect(JSON.parse(probe.subarray(16).toString()).params.rsa_key).toBe(publicKeyPem);
    probe[20] = (probe[20] as number) ^ 1;
    expect(tdpCrcValid(probe)).toBe(false);
  });

  it('smart parser reads the JSON after the header and rejects garbage', () => {
    const answer = encodeTdp(Buffer.from('{"error_code":0,"result":{"device_model":"P110(UK)"}}'));
    expect(parseKasaSmartDiscovery(answer)).toEqual({ error_code: 0, result: { device_model: 'P110(UK)' } });
    expect(parseKasaSmartDiscovery(Buffer.from('{"result":{}}'))).toBeUndefined();
    expect(parseKasaSmartDiscovery(encodeTdp(Buffer.from('{"result":{}}')))).toBeUndefined();
  });
});
