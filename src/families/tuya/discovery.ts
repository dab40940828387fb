import type { UdpDiscoveryProbe } from '../../net/udp-probes.ts';
import { copyJson } from '../../util/bounded-json.ts';
import { ecbDecrypt, UDP_DISCOVERY_KEY } from './cipher.ts';
import { decode55aa, decode6699, encode6699, PREFIX_6699, TuyaCommand } from './frame.ts';
import { type TuyaBeacon, tuyaBeaconSchema } from './schema.ts';

/**
 * Tuya discovery (tinytuya PROTOCOL.md "Discovery"; ../shared/fixtures/tuya/README.md). On a real network devices
 * on 3.1 broadcast a plaintext JSON beacon to UDP 6666 every few seconds, 3.3 and 3.4 an AES-ECB one (the fixed key
 * MD5("yGAdlopoPVldABfn")) to 6667, and 3.5 devices answer a solicitation sent to UDP 7000 (`{"from":"app","ip":…}`
 * in a 6699 frame, command 0x25 REQ_DEVINFO) with a 6699 beacon to the asker. Unicast probes reach only the 3.5
 * ones: beacons on 6666/6667 are never sent in answer to anything, so a scan hears 3.1-3.4 devices only where
 * broadcasts reach it. The lab has no broadcast on loopback, so its simulated devices answer the same solicitation
 * on 6666 and 6667 with their beacon (simulator/beacon.ts says so): the probes below are that solicitation.
 */

/** What the probes file under `udp.answers.tuya-*`: the beacon's JSON and the wire form it came in. */
export interface TuyaDiscoveryAnswer {
  beacon: TuyaBeacon;
  /** `plain` (UDP 6666, 3.1), `ecb` (6667, 3.3/3.4), `gcm` (6699 frame, 3.5). */
  encoding: 'plain' | 'ecb' | 'gcm';
  port: number;
}

/** The probe names, one per beacon port; the adapter reads any of them. */
export const TUYA_PROBE_NAMES = ['tuya-6666', 'tuya-6667', 'tuya-7000'] as const;

/** A solicitation as tinytuya's scanner and the Tuya app send it: 6699, REQ_DEVINFO, the asker's address. */
export function tuyaSolicitation(address: string): Buffer {
  const body = Buffer.from(JSON.stringify({ from: 'app', ip: address }));
  return encode6699({ seq: 0, cmd: TuyaCommand.REQ_DEVINFO, payload: body }, UDP_DISCOVERY_KEY);
}

/** Reads a solicitation (the simulator's side), or undefined when the datagram is not one. */
export function decodeSolicitation(datagram: Buffer): { ip?: string } | undefined {
  const decoded = decode6699(datagram, UDP_DISCOVERY_KEY);
  if (decoded.ok !== true || decoded.frame.cmd !== TuyaCommand.REQ_DEVINFO) return undefined;
  const parsed = parseJson(decoded.frame.payload);
  if (parsed?.from !== 'app') return undefined;
  return typeof parsed.ip === 'string' ? { ip: parsed.ip } : {};
}

/**
 * A beacon in any of its three forms: a 55AA frame with CRC32 holding plaintext JSON (3.1) or the AES-ECB of it
 * with the discovery key (3.3/3.4), or a 6699 frame with the discovery key (3.5). Untrusted: undefined for
 * anything that does not decode, check out and match the beacon schema.
 */
export function decodeBeacon(datagram: Buffer, port: number): TuyaDiscoveryAnswer | undefined {
  if (datagram.length >= 4 && datagram.readUInt32BE(0) === PREFIX_6699) {
    const decoded = decode6699(datagram, UDP_DISCOVERY_KEY);
    if (decoded.ok !== true) return undefined;
    // The plaintext may start with a 4-byte return code (tinytuya: a `{` lookahead for discovery).
    const start = decoded.frame.payload.indexOf('{');
    const beacon = start >= 0 && start <= 4 ? beaconOf(decoded.frame.payload.subarray(start)) : undefined;
    return beacon ? { beacon, encoding: 'gcm', port } : undefined;
  }
  const decoded = decode55aa(datagram, { kind: 'crc' }, true);
  if (decoded.ok !== true) return undefined;
  const { payload } = decoded.frame;
  const plain = beaconOf(payload);
  if (plain) return { beacon: plain, encoding: 'plain', port };
  const decrypted = ecbDecrypt(UDP_DISCOVERY_KEY, payload);
  const secret = decrypted ? beaconOf(decrypted) : undefined;
  return secret ? { beacon: secret, encoding: 'ecb', port } : undefined;
}

function beaconOf(bytes: Buffer): TuyaBeacon | undefined {
  const parsed = tuyaBeaconSchema.safeParse(parseJson(bytes));
  return parsed.success ? parsed.data : undefined;
}

function parseJson(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return copyJson(value, { maxDepth: 4 }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function probe(name: (typeof TUYA_PROBE_NAMES)[number], port: number): UdpDiscoveryProbe {
  return {
    name,
    port,
    prepare: async () => ({
      payload: (address: string) => tuyaSolicitation(address),
      decode: (datagram: Buffer) => decodeBeacon(datagram, port),
    }),
  };
}

/** The three probes, one per beacon port (the descriptor hands them to net/). */
export const TUYA_UDP_PROBES: readonly UdpDiscoveryProbe[] = [
  probe('tuya-6666', 6666),
  probe('tuya-6667', 6667),
  probe('tuya-7000', 7000),
];
