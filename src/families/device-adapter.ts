import type { MdnsService, UdpAnswers } from '../net/discovered-host.ts';
import type { Logger } from '../util/logger.ts';
import type { DeviceFacts, DeviceFamily, Evidence, ServiceFacts } from './facts.ts';

/** Credentials the owner configured for a device or vendor. Never logged, never put in evidence. */
export interface Credential {
  username?: string;
  password?: string;
  /** Hue application key, Shelly Gen2 password-only auth, etc. */
  apiKey?: string;
}

/**
 * What an adapter asks for a credential with: the identity the device presented. The scan's trust gate compares it
 * with the identity the credential is bound to, so adapters pass everything they have read before the ask.
 */
export interface CredentialQuery {
  family: DeviceFamily;
  address: string;
  /** The MAC the device reports about itself (a JSON body), which an impostor can copy. */
  mac?: string;
  deviceId?: string;
  /** SHA-256 fingerprint of the certificate the device presented (CertificateFacts.sha256), where it has TLS. */
  tlsSha256?: string;
  /** The device id a vendor CA vouches for in that certificate (a Hue bridge id under Signify's root). */
  tlsVerifiedId?: string;
}

export type CredentialLookup = (query: CredentialQuery) => Credential | undefined;

/**
 * How adapters say that they had no credential for a device ("login enabled and no credentials configured for this
 * device: …"). The scan rewrites it when its trust gate withheld a configured credential, so the sentence stays true.
 */
export const NO_CREDENTIALS_CONFIGURED = 'no credentials configured for this device';

/** What discovery learned about one host before identification. */
export interface ProbeTarget {
  address: string;
  /** Real port numbers (80, 9999, …) that accepted a TCP connection. */
  openTcpPorts: ReadonlySet<number>;
  /** The port to connect to for a real port: itself, unless a lab shifted it (80 → 10080). */
  connectPort(port: number, transport?: 'tcp' | 'udp'): number;
  /** Decoded answers to UDP discovery probes (by the probe's name, see each family's `discovery.udpProbes`) and SSDP. */
  udp: UdpAnswers;
  /** mDNS services the host announced to a unicast query. */
  mdns: MdnsService[];
}

/** What every network operation of an adapter gets: a deadline, a byte budget and the owner's credentials. */
export interface ProbeContext {
  signal: AbortSignal;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Per-response size limit. */
  maxBytes: number;
  credentials: CredentialLookup;
  /** When false, no factory credential pair is ever tried (`--no-credential-checks`). */
  credentialChecks: boolean;
  log: Logger;
}

/** What one exchange with a device needs from its caller: a deadline, a byte budget and a way to cancel. */
export type ExchangeLimits = Pick<ProbeContext, 'signal' | 'timeoutMs' | 'maxBytes'>;

/** An adapter's claim that a host belongs to its family, with what it read to decide. */
export interface Identity {
  family: DeviceFamily;
  vendor: string;
  model?: string;
  evidence: Evidence;
  /** Adapter-private data carried from identify to inspect (e.g. the parsed /shelly answer). */
  data: unknown;
  /**
   * What identification alone established: the device's identity and whatever the identifying answer proved (a
   * legacy Kasa answer proves that the device has no login). `inspect` adds to this object in place and returns it,
   * so what it learned before a failure is still here when it throws: the scan keeps it (app/scan/inspect-host.ts)
   * rather than dropping the device. Identify again for a fresh inspection.
   */
  facts: DeviceFacts;
}

/**
 * One device family (Shelly, Kasa, Hue, …). Identify cheaply, then inspect in depth. Adapters only read:
 * writes (firmware, settings) come later through declared capabilities.
 *
 * Failing closed: an adapter records a fact only once it is proven, and never starts from a cleaner value than it
 * has seen (auth stays `unknown` until an answer shows it). If `inspect` throws or runs out of time, the facts in
 * `identity.facts` are what the scan reports, with the failure recorded.
 */
export interface DeviceAdapter {
  readonly family: DeviceFamily;
  identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined>;
  /** Extends `identity.facts` in place and returns that object. */
  inspect(target: ProbeTarget, identity: Identity, context: ProbeContext): Promise<DeviceFacts>;
}

/** An adapter with the cheap condition under which it is worth asking. */
export interface AdapterEntry {
  adapter: DeviceAdapter;
  applies(target: ProbeTarget): boolean;
}

/**
 * Recognises what listens on one open port when no family adapter claims it (or in addition to one): HTTP,
 * telnet, RTSP, MongoDB, Redis, MQTT, UPnP IGD.
 */
export interface ServiceIdentifier {
  readonly name: string;
  /** Cheap pre-filter on the real port number. */
  appliesTo(port: number, target: ProbeTarget): boolean;
  identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined>;
}
