/**
 * What iotwarden learns about one host. Adapters and service identifiers produce these facts; checks read them and
 * never touch the network; the store keeps them; outputs render them. Every security-relevant fact carries the
 * Evidence that proves it, with secrets already redacted by the code that speaks the protocol.
 */

/** One request and its answer, as shown to the user. Both sides are redacted and trimmed to a few hundred bytes. */
export interface Evidence {
  /** e.g. `GET http://127.77.1.10:80/settings` or `TCP 9999 {"system":{"get_sysinfo":{}}} (XOR)` */
  sent: string;
  /** e.g. `200 OK {"login":{"enabled":false,...}}` */
  received: string;
}

/** Protocol tags used in `protocols` and the --json contract. */
export type ProtocolTag =
  | 'shelly-http' // Gen1 REST API
  | 'shelly-rpc' // Gen2+ JSON-RPC
  | 'kasa-xor' // legacy TP-Link Smart Home Protocol on 9999
  | 'klap' // TP-Link KLAP over HTTP
  | 'aes' // TP-Link securePassthrough (AES) over HTTP
  | 'tpap' // TP-Link TPAP (SPAKE2+ login) over HTTP, newer Tapo firmware
  | 'hue-v1'
  | 'hue-clip-v2'
  | 'tasmota-http'
  | 'esphome-plaintext'
  | 'esphome-noise'
  | 'lifx-lan' // LIFX LAN protocol on UDP 56700, no authentication
  | 'nanoleaf-http' // Nanoleaf OpenAPI over plain HTTP on 16021
  | 'tuya-3.1' // Tuya local protocol: plaintext status, MD5-signed control
  | 'tuya-3.3' // AES-128-ECB with the static local key
  | 'tuya-3.4' // session key negotiated with HMAC-SHA256
  | 'tuya-3.5' // AES-GCM frames (identified only)
  | 'matter' // Matter over UDP 5540, found by DNS-SD _matterc._udp / _matter._tcp
  | 'sonos-upnp' // Sonos UPnP/SOAP on TCP 1400, no authentication
  | 'cast' // Google Cast: setup API on HTTP 8008, Cast v2 channel on TLS 8009
  | 'http'
  | 'https'
  | 'telnet'
  | 'ssh'
  | 'rtsp'
  | 'mongodb'
  | 'redis'
  | 'mqtt'
  | 'upnp-igd'
  | 'ssdp'
  | 'mdns';

/**
 * The family ids, filled in by the table (src/families/index.ts augments this interface with one key per family),
 * so the ids are written once and this file does not import the table that imports it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: a registry the families table augments (TypeScript declaration merging).
export interface FamilyRegistry {}

/** A family from the table, or `generic` for a device that no family identified. */
export type DeviceFamily = keyof FamilyRegistry | 'generic';

/** Whether the management interface wants credentials. `unknown` when we could not tell (say so in `limitations`). */
export type AuthState = 'none' | 'required' | 'unknown';

export interface FirmwareFacts {
  installed?: string;
  /** Newest version the device itself reports (Shelly `update.new_version`, `Shelly.CheckForUpdate`, Hue `swupdate2`). */
  latest?: string;
  /** Where `latest` came from. */
  latestSource?: 'device' | 'catalogue';
  /** The device's own auto-update switch, where it has one and tells. */
  autoUpdate?: boolean;
  autoUpdateEvidence?: Evidence;
  updateEvidence?: Evidence;
  releaseDate?: string;
}

/** What one family adapter established about a device. */
export interface DeviceFacts {
  family: DeviceFamily;
  vendor: string;
  model?: string;
  /** Human product name when the device reports one (e.g. "Wi-Fi Smart Plug With Energy Monitoring"). */
  productName?: string;
  hwVersion?: string;
  mac?: string;
  /** A stable id the device reports: Shelly id, Kasa deviceId, Hue bridgeid. Used for identity merging. */
  deviceId?: string;
  /** The name the owner gave it (Shelly name, Kasa alias). Untrusted text: outputs escape it. */
  name?: string;
  firmware: FirmwareFacts;
  protocols: ProtocolTag[];
  /** Authentication of the device's own management API. */
  auth: { state: AuthState; evidence?: Evidence };
  /** Vendor-cloud connection setting. */
  cloud?: { enabled: boolean; evidence?: Evidence };
  /** Debug or log interfaces that are switched on (Shelly `sys.debug.websocket.enable`, …). */
  debugInterfaces: Array<{ name: string; evidence: Evidence }>;
  /**
   * A pairing (or commissioning) window the device had open when it was scanned: anyone on the network could then
   * get a credential for it without touching it (Nanoleaf `POST /api/v1/new` answered with a token).
   */
  pairing?: { open: boolean; evidence: Evidence };
  /** Secrets the device disclosed without auth (old Shelly `/settings` `login.password`). Values redacted. */
  exposedSecrets: Array<{ what: string; evidence: Evidence }>;
  /** The full configuration as read (Shelly /settings or Shelly.GetConfig, Tasmota Status 0, Kasa sysinfo), secrets redacted. */
  config?: unknown;
  /**
   * The TLS certificate the device presented on its management port (a Hue bridge on 443): part of its identity,
   * so credentials are bound to it and a host with another certificate never receives them.
   */
  certificate?: CertificateFacts;
  /** Things we could not read and why ("needs Hue application key to read swupdate2"). */
  limitations: string[];
}

/** A device's TLS certificate as identity: its fingerprint and who vouches for it. */
export interface CertificateFacts {
  /** The real port it was presented on (443). */
  port: number;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons (as node:tls reports `fingerprint256`). */
  sha256: string;
  /** Subject and issuer as the certificate names them (untrusted text). */
  subject: string;
  issuer: string;
  /**
   * `vendor-ca`: the chain verifies against the vendor's published root (Signify's bridge CA) and names this device;
   * `self-signed`: the certificate signs itself, so only its fingerprint identifies the device; `unverified`: it
   * chains to nothing iotwarden knows.
   */
  chain: 'vendor-ca' | 'self-signed' | 'unverified';
}

/** What a service identifier learned about one open port. */
export interface ServiceFacts {
  port: number;
  transport: 'tcp' | 'udp';
  /** Short service name for the --json contract: `http`, `https`, `telnet`, `rtsp`, `mongodb`, `redis`, `mqtt`, `upnp-igd`, `kasa`, `esphome`, `ssdp`, `mdns`, or `unknown`. */
  name: string;
  /** Product or banner details (`Server` header, page title, telnet banner, Redis version). */
  product?: string;
  tls?: boolean;
  /** Does the service demand credentials before it answers? */
  auth: AuthState;
  authEvidence?: Evidence;
  /** Set when a documented factory credential pair was accepted (only tried for identified services). */
  defaultCredentials?: { username: string; evidence: Evidence };
  /** HTTP services: realm of the auth challenge, page title. */
  http?: { title?: string; server?: string; realm?: string; status?: number };
  /** UPnP IGD: port mappings the router lists. */
  portMappings?: Array<{
    externalPort: number;
    internalClient: string;
    internalPort: number;
    protocol: string;
    description: string;
    enabled: boolean;
  }>;
  evidence?: Evidence;
}

/**
 * A device that can only be managed through its vendor's cloud (an Echo, a Ring camera, a cloud baby monitor), as
 * families/cloud-only recognises it: what the risk register needs to hold it (category, microphone, camera, vendor,
 * where it typically connects) and why iotwarden thinks so.
 */
export interface CloudOnlyProfile {
  /** products.json id (`amazon-echo`). */
  id: string;
  vendor: string;
  product: string;
  category: 'speaker' | 'camera' | 'sensor';
  microphone: boolean;
  camera: boolean;
  cloudOnly: true;
  /** DNS names such devices typically reach (products.json, with sources). */
  typicalDestinations: string[];
  /** What matched, one line each: the MAC prefix, an open port, a looked-up name. */
  matchedBy: string[];
  source: string;
}

/** Everything known about one host after a scan: the adapter's facts (if a family matched) and every service. */
export interface HostFacts {
  address: string;
  mac?: string;
  /** Registered vendor of the MAC's prefix (IEEE registries); a hint when no adapter identified the device. */
  macVendor?: string;
  /** Where the host was seen: `tcp`, `udp:kasa`, `mdns`, `ssdp`, `arp`, `dhcp:<file>`, … */
  sources: string[];
  hostname?: string;
  device?: DeviceFacts;
  services: ServiceFacts[];
  /** mDNS service types and TXT records the host answered with. */
  mdns?: Array<{ type: string; instance: string; port: number; txt: Record<string, string>; host?: string }>;
  /** Set when the host is a cloud-only product (families/cloud-only): nothing local to audit. */
  cloudOnly?: CloudOnlyProfile;
  /**
   * What went wrong while inspecting the host, one line each (an adapter that threw or timed out, a service that
   * reset the connection). Outputs show them as "could not fully inspect: …"; the facts above are what was seen.
   */
  problems?: string[];
  /**
   * Another host of the same scan, or a device the inventory knows, claims this host's identity (its MAC, device id
   * or certificate). Set by the scan after every host is seen (identity is decided over the whole scan); the
   * `network.identity-conflict` check reports it.
   */
  identityConflicts?: IdentityConflictFacts[];
}

/** One identity conflict as the check reads it: which device is claimed, by whom, and the evidence of both sides. */
export interface IdentityConflictFacts {
  /** `newcomer`: this host claims a known device's identity; `original`: this host is the device being claimed. */
  role: 'newcomer' | 'original';
  /** The inventory device whose identity is claimed: its name (untrusted), id and the address it was last seen at. */
  claimed: { deviceId: string; name?: string; address: string };
  /** The address of the other side in this scan, when it answered. */
  otherAddress?: string;
  /** One sentence: why this is a conflict and not a move ("the original still answers at 127.77.1.10"). */
  reason: string;
  /** What each side presented (MAC, device id, certificate), this host first. */
  evidence: Evidence[];
}

/** Factory-fresh facts object, so adapters only fill what they learn. */
export function emptyDeviceFacts(family: DeviceFamily, vendor: string): DeviceFacts {
  return {
    family,
    vendor,
    firmware: {},
    protocols: [],
    auth: { state: 'unknown' },
    debugInterfaces: [],
    exposedSecrets: [],
    limitations: [],
  };
}
