import pLimit from 'p-limit';
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

/**
 * A vendor's UDP discovery probe (TP-Link's 9999 and 20002, later LIFX, Tuya, …), handed in by the families so
 * that net/ sends datagrams without knowing any vendor. `name` is how the answer is filed (`UdpFindings.answers`)
 * and how the host is proven alive (`udp:<name>`).
 */
export interface UdpDiscoveryProbe {
  name: string;
  port: number;
  /** Builds the datagram and the decoder, once per sweep (a probe may make a key pair here). */
  prepare(): Promise<PreparedUdpProbe>;
}

export interface PreparedUdpProbe {
  payload: Buffer | ((address: string) => Buffer);
  /** The decoded answer, or undefined when the datagram is not one. */
  decode(datagram: Buffer): unknown;
}

/** The protocols every network speaks, probed unless turned off. */
export const GENERIC_UDP_PROBES = ['ssdp', 'mdns'] as const;
export type GenericUdpProbe = (typeof GENERIC_UDP_PROBES)[number];

/** What one host answered to the UDP probes. */
export interface UdpFindings {
  /** Decoded answers to the vendors' probes, by probe name. */
  answers?: Record<string, unknown>;
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
  /** The vendors' probes to send. */
  vendorProbes?: readonly UdpDiscoveryProbe[];
  /** SSDP and mDNS; default both. */
  genericProbes?: readonly GenericUdpProbe[];
  /** How long each sweep listens after its last datagram; also the mDNS follow-up deadline. */
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** How many hosts are asked for their mDNS service details at once. */
const MDNS_FOLLOW_UP_CONCURRENCY = 32;
/**
 * The follow-up is a unicast exchange that ends at the first answer, asked only of hosts that just answered the
 * enumeration: a floor on its deadline costs a scan nothing, and keeps a busy responder's services (all a Matter
 * node shows) from being lost to a short sweep timeout.
 */
const MDNS_FOLLOW_UP_MIN_MS = 1000;

/**
 * Runs the unicast UDP discovery probes over the targets, all sweeps at once, then asks each host that listed
 * mDNS service types for their instances. Returns findings for the hosts that answered anything.
 */
export async function probeUdp(options: UdpProbeOptions): Promise<Map<string, UdpFindings>> {
  const enabled = new Set(options.genericProbes ?? GENERIC_UDP_PROBES);
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
  for (const probe of options.vendorProbes ?? []) {
    tasks.push(
      (async () => {
        const prepared = await probe.prepare();
        const answers = await sweep(probe.port, prepared.payload);
        eachFirst(answers, prepared.decode, (address, value) => {
          const found = entry(address);
          found.answers = { ...found.answers, [probe.name]: value };
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
          timeoutMs: Math.max(options.timeoutMs, MDNS_FOLLOW_UP_MIN_MS),
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
 * The first datagram per host that parses, handed to `use`. A decoder that throws on a datagram (a hostile device
 * can send anything) loses that datagram only: the other hosts' answers, and the scan, go on.
 */
function eachFirst<T>(
  answers: Map<string, Buffer[]>,
  parse: (data: Buffer) => T | undefined,
  use: (address: string, value: T) => void,
): void {
  const parseSafely = (data: Buffer): T | undefined => {
    try {
      return parse(data);
    } catch {
      return undefined;
    }
  };
  for (const [address, datagrams] of answers) {
    for (const data of datagrams) {
      const value = parseSafely(data);
      if (value !== undefined) {
        use(address, value);
        break;
      }
    }
  }
}
