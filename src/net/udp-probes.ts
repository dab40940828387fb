import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import {
  type KasaDiscoveryKeyPair,
  kasaLegacyDiscoveryProbe,
  kasaSmartDiscoveryProbe,
  parseKasaLegacyDiscovery,
  parseKasaSmartDiscovery,
} from '../families/tplink/discovery.ts';
import {
  type MdnsServiceFinding,
  mdnsRecords,
  resolveMdnsServices,
  serviceEnumerationQuery,
  serviceTypes,
} from './mdns-client.ts';
import { MDNS_PORT } from './mdns-wire.ts';
import { buildMSearch, parseSsdpAnswer, SSDP_PORT } from './ssdp-wire.ts';
import { udpSweep } from './udp-sweep.ts';

/** The UDP discovery probes, named as they appear in `aliveBy` (with a `udp:` prefix for the TP-Link ones). */
export const UDP_PROBES = ['kasa', 'tplink-smart', 'ssdp', 'mdns'] as const;
export type UdpProbeName = (typeof UDP_PROBES)[number];

/** TP-Link ports: legacy Kasa discovery answers on 9999, TDP discovery of newer Kasa/Tapo on 20002. */
export const KASA_LEGACY_UDP_PORT = 9999;
export const TPLINK_SMART_UDP_PORT = 20002;

/** What one host answered to the UDP probes. */
export interface UdpFindings {
  /** Decrypted `{system:{get_sysinfo}}` answer on 9999. */
  kasaLegacy?: unknown;
  /** `{error_code, result: discovery_result}` on 20002. */
  kasaSmart?: unknown;
  /** One header map (lower-case names) per SSDP answer. */
  ssdp?: Array<Record<string, string>>;
  mdns?: MdnsServiceFinding[];
  /** From mDNS SRV/A records. */
  hostname?: string;
}

export interface UdpProbeOptions {
  /** Called once per probe kind: each sweep walks the targets itself (TargetSet's `hosts()`). */
  hosts: () => Iterable<string>;
  connectPort?: (address: string, port: number, transport: 'udp') => number;
  probes?: readonly UdpProbeName[];
  /** How long each sweep listens after its last datagram; also the mDNS follow-up deadline. */
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /**
   * RSA key for the 20002 probe, so devices return their encrypted discovery fields (python-kasa sends one).
   * Generated per call when omitted; `false` sends the bare header.
   */
  smartDiscoveryKey?: KasaDiscoveryKeyPair | false;
}

/** How many hosts are asked for their mDNS service details at once. */
const MDNS_FOLLOW_UP_CONCURRENCY = 32;

/**
 * Runs the unicast UDP discovery probes over the targets, all sweeps at once, then asks each host that listed
 * mDNS service types for their instances. Returns findings for the hosts that answered anything.
 */
export async function probeUdp(options: UdpProbeOptions): Promise<Map<string, UdpFindings>> {
  const enabled = new Set(options.probes ?? UDP_PROBES);
  const mapPort = options.connectPort ?? ((_address: string, port: number) => port);
  const findings = new Map<string, UdpFindings>();
  const entry = (address: string): UdpFindings => {
    const existing = findings.get(address) ?? {};
    findings.set(address, existing);
    return existing;
  };
  const sweep = (port: number, payload: Buffer | ((address: string) => Buffer)) =>
    udpSweep({
      hosts: options.hosts(),
      port: (address) => mapPort(address, port, 'udp'),
      payload,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const tasks: Array<Promise<void>> = [];
  if (enabled.has('kasa')) {
    tasks.push(
      sweep(KASA_LEGACY_UDP_PORT, kasaLegacyDiscoveryProbe()).then((answers) =>
        eachFirst(answers, parseKasaLegacyDiscovery, (address, value) => {
          entry(address).kasaLegacy = value;
        }),
      ),
    );
  }
  if (enabled.has('tplink-smart')) {
    tasks.push(
      (async () => {
        const key =
          options.smartDiscoveryKey === false ? undefined : (options.smartDiscoveryKey ?? (await discoveryKeyPair()));
        const answers = await sweep(TPLINK_SMART_UDP_PORT, kasaSmartDiscoveryProbe(key?.publicKeyPem));
        const parse = (data: Buffer) => parseKasaSmartDiscovery(data, key?.privateKeyPem);
        eachFirst(answers, parse, (address, value) => {
          entry(address).kasaSmart = value;
        });
      })(),
    );
  }
  if (enabled.has('ssdp')) {
    tasks.push(
      sweep(SSDP_PORT, (address) => buildMSearch(address, SSDP_PORT)).then((answers) => {
        for (const [address, datagrams] of answers) {
          const parsed = datagrams.map(parseSsdpAnswer).filter((h): h is Record<string, string> => h !== undefined);
          if (parsed.length > 0) entry(address).ssdp = parsed;
        }
      }),
    );
  }
  if (enabled.has('mdns')) tasks.push(probeMdns(options, mapPort, entry));
  await Promise.all(tasks);
  return findings;
}

async function probeMdns(
  options: UdpProbeOptions,
  mapPort: NonNullable<UdpProbeOptions['connectPort']>,
  entry: (address: string) => UdpFindings,
): Promise<void> {
  const answers = await udpSweep({
    hosts: options.hosts(),
    port: (address) => mapPort(address, MDNS_PORT, 'udp'),
    payload: serviceEnumerationQuery(),
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const limit = pLimit(MDNS_FOLLOW_UP_CONCURRENCY);
  await Promise.all(
    [...answers].map(([address, datagrams]) =>
      limit(async () => {
        const responses = datagrams.map(mdnsRecords).filter((r): r is NonNullable<typeof r> => r !== undefined);
        if (responses.length === 0) return;
        // Any mDNS response proves the host, even one that lists no service types.
        const found = entry(address);
        found.mdns ??= [];
        const types = serviceTypes(responses.flat());
        if (types.length === 0 || options.signal?.aborted) return;
        const resolved = await resolveMdnsServices({
          address,
          port: mapPort(address, MDNS_PORT, 'udp'),
          types,
          timeoutMs: options.timeoutMs,
          maxBytes: options.maxBytes,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        found.mdns = resolved.services;
        if (resolved.hostname) found.hostname = resolved.hostname;
      }),
    ),
  );
}

/**
 * An RSA key pair for the 20002 probe, made off the event loop: key generation takes ~100 ms of CPU, and the TCP
 * prober runs at the same time. Same shape as kasa/discovery.ts `createKasaDiscoveryKeyPair` (2048 bits, as
 * python-kasa's discovery query uses).
 */
async function discoveryKeyPair(): Promise<KasaDiscoveryKeyPair> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** The first datagram per host that parses, handed to `use`. */
function eachFirst<T>(
  answers: Map<string, Buffer[]>,
  parse: (data: Buffer) => T | undefined,
  use: (address: string, value: T) => void,
): void {
  for (const [address, datagrams] of answers) {
    for (const data of datagrams) {
      const value = parse(data);
      if (value !== undefined) {
        use(address, value);
        break;
      }
    }
  }
}
