import { ecbEncrypt, UDP_DISCOVERY_KEY } from '../cipher.ts';
import { encode55aa, encode6699, TuyaCommand } from '../frame.ts';

/** What a device puts in its beacon (tinytuya PROTOCOL.md "Discovery"; keys as devices spell them). */
export interface BeaconFields {
  ip: string;
  gwId: string;
  productKey: string;
  version: '3.1' | '3.3' | '3.4' | '3.5';
}

/** The UDP port a version beacons on: 6666 plaintext (3.1), 6667 encrypted (3.3/3.4), 7000 answers (3.5). */
export function beaconPort(version: BeaconFields['version']): number {
  if (version === '3.1') return 6666;
  if (version === '3.5') return 7000;
  return 6667;
}

/**
 * One beacon datagram: a 55AA frame (command 0x00 plaintext for 3.1, 0x13 UDP_NEW with the AES-ECB of the JSON for
 * 3.3/3.4, return code 0, CRC32), or for 3.5 a 6699 frame with the discovery key. Newer firmware adds `token` and
 * `wf_cfg` (fixtures README).
 */
export function beaconDatagram(fields: BeaconFields): Buffer {
  const modern = fields.version === '3.4' || fields.version === '3.5';
  const json = Buffer.from(
    JSON.stringify({
      ip: fields.ip,
      gwId: fields.gwId,
      active: 2,
      ablilty: 0,
      encrypt: fields.version !== '3.1',
      productKey: fields.productKey,
      version: fields.version,
      ...(modern ? { token: true, wf_cfg: true } : {}),
    }),
  );
  if (fields.version === '3.5') {
    const retcode = Buffer.alloc(4);
    return encode6699(
      { seq: 0, cmd: TuyaCommand.REQ_DEVINFO, payload: Buffer.concat([retcode, json]) },
      UDP_DISCOVERY_KEY,
    );
  }
  if (fields.version === '3.1') {
    return encode55aa({ seq: 0, cmd: TuyaCommand.UDP, retcode: 0, payload: json }, { kind: 'crc' });
  }
  return encode55aa(
    { seq: 0, cmd: TuyaCommand.UDP_NEW, retcode: 0, payload: ecbEncrypt(UDP_DISCOVERY_KEY, json) },
    { kind: 'crc' },
  );
}
